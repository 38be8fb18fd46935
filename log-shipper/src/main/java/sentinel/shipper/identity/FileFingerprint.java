package sentinel.shipper.identity;

import java.util.HexFormat;

/**
 * The identity of one file's content: where it lives ({@link FileKey}) and a CRC-64 of its first
 * line (at most {@link Fingerprinter#HEAD_BYTES} bytes).
 *
 * <p>The key alone is not enough: inodes are reused after a delete, and a file truncated and
 * rewritten in place keeps its inode. The head hash tells those apart, and lets a copy of a file
 * (copytruncate rotation) be recognised by its content.
 *
 * @param device device number
 * @param inode inode number
 * @param headHash CRC-64 of the first {@code headLength} bytes
 * @param headLength bytes hashed: the first line without its newline, or the first 1 KiB
 */
public record FileFingerprint(long device, long inode, long headHash, int headLength) {

  public FileKey key() {
    return new FileKey(device, inode);
  }

  /** True when both files begin with the same first line (a copy, or the same file). */
  public boolean sameHead(FileFingerprint other) {
    return headHash == other.headHash && headLength == other.headLength;
  }

  /**
   * The id written into every envelope as {@code fileId}: stable for as long as the file's identity
   * is, so a line shipped twice carries the same (fileId, offset) pair.
   */
  public String fileId() {
    HexFormat hex = HexFormat.of();
    return Long.toHexString(device) + "-" + Long.toHexString(inode) + "-" + hex.toHexDigits(headHash);
  }
}
