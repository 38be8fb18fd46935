/**
 * Where the shipper is in each file, and what it promises.
 *
 * <h2>Delivery guarantee: at least once</h2>
 *
 * <p>A file's checkpoint offset advances past a line only after the broker acknowledged that line
 * and every line before it in the same file ({@link sentinel.shipper.checkpoint.AckTracker};
 * producer: {@code acks=all}, idempotent). After a crash, a kill -9 or a broker outage the
 * shipper resumes at the checkpoint, so a line is never lost but may be shipped again: at most
 * the lines acknowledged since the last save (saved every {@code shipper.checkpoint.interval},
 * default 1 s, by a thread of its own so reading never waits for the fsync, and on shutdown) plus
 * those in flight. A duplicate carries the same {@code
 * fileId} and {@code offset} as the first copy, which is what consumers deduplicate on.
 *
 * <p>Limits: lines written to a file between the last read and a copytruncate are lost unless the
 * rotated copy matches a watched glob (then reading continues from the copy); a file deleted
 * while the shipper is down loses its unread tail.
 *
 * <h2>On-disk format (version 1)</h2>
 *
 * <p>One JSON file, {@code shipper.checkpoint.file} (default {@code
 * .sentinel/shipper-checkpoint.json}), replaced atomically on every save: written to {@code
 * <file>.tmp}, fsynced, renamed over the old file, then the directory is fsynced. A reader sees
 * the old or the new file, never a mix.
 *
 * <pre>{@code
 * {
 *   "version" : 1,
 *   "savedAt" : "2026-01-01T00:00:00Z",
 *   "files" : [ {
 *     "fileId" : "803-1a2b3-c96c5795d7870f42",   // device-inode-crc64, hex; stays with the file
 *     "path" : "/var/log/mail.log",              // where it was last seen (informational)
 *     "device" : 2051, "inode" : 107059,
 *     "headHash" : "c96c5795d7870f42",           // CRC-64/XZ of the first line (<= 1 KiB)
 *     "headLength" : 87,
 *     "offset" : 48213                           // resume here: always the start of a line
 *   } ]
 * }
 * }</pre>
 *
 * <p>On startup an entry applies to a file with the same device, inode and first line. A file
 * with no entry starts at {@code shipper.start.at} (default the beginning). Unknown fields are
 * ignored; a higher {@code version} is refused; a file that is not valid JSON is moved aside to
 * {@code <file>.corrupt-<millis>} and reading starts again from the beginning of every file
 * (duplicates, never loss).
 */
package sentinel.shipper.checkpoint;
