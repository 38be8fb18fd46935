package sentinel.shipper.identity;

/**
 * Where a file lives on disk: device and inode. A rename keeps it; a new file (rename-and-create
 * rotation) gets another one.
 *
 * @param device device number (0 where the file system does not report one)
 * @param inode inode number (or another stable per-file key where there are no inodes)
 */
public record FileKey(long device, long inode) {}
