package sentinel.shipper.checkpoint;

import java.util.HexFormat;
import sentinel.shipper.identity.FileFingerprint;

/**
 * The committed position in one file.
 *
 * @param fileId id shipped in every envelope of this file
 * @param path where the file was last seen
 * @param device device number
 * @param inode inode number
 * @param headHash CRC-64 of the first line (16 hex digits)
 * @param headLength bytes the hash covers
 * @param offset every line before this byte offset was acknowledged by the broker
 */
public record FileCheckpoint(
    String fileId, String path, long device, long inode, String headHash, int headLength, long offset) {

  public static FileCheckpoint of(String fileId, String path, FileFingerprint fp, long offset) {
    return new FileCheckpoint(fileId, path, fp.device(), fp.inode(), HexFormat.of().toHexDigits(fp.headHash()),
        fp.headLength(), offset);
  }

  public FileFingerprint fingerprint() {
    return new FileFingerprint(device, inode, HexFormat.fromHexDigitsToLong(headHash), headLength);
  }
}
