package sentinel.streams.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The fields of a JSON {@code mta.raw} record that {@link LineDecoder} uses, read in one streaming
 * pass: the shipper's envelope ({@code host}, {@code source}, {@code fileId}, {@code offset}, {@code
 * readAt}, {@code line}) and Filebeat/Vector's ({@code message}, {@code host} or {@code host.name},
 * {@code log.file.path}, {@code file}, {@code log.offset}, {@code @timestamp}, {@code timestamp}).
 * Every other field is skipped without being decoded: that, and no tree, is what makes it cheap.
 *
 * <p>{@link #scan} gives up (returns null) on anything outside the shapes shippers send: a known field
 * twice, or with an unexpected JSON type. The decoder then reads the record as a tree, whose rules
 * (last duplicate wins, numbers as text, ...) this pass does not repeat.
 */
final class ShippedFields {
  String host;
  boolean hostIsObject;
  String hostName;
  String source;
  String fileId;
  long offset = -1;
  String readAt;
  String line;
  String message;
  String file;
  String logFilePath;
  long logOffset = -1;
  String atTimestamp;
  String timestamp;

  private int seen;

  private ShippedFields() {}

  /** Reads the object the parser is at the start of; null when the record needs the tree decoder. */
  static ShippedFields scan(JsonParser p) throws IOException {
    ShippedFields f = new ShippedFields();
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      boolean ok;
      switch (name) {
        case "host":
          ok = f.once(0) && (t == JsonToken.START_OBJECT ? f.scanHost(p) : (f.host = string(p, t)) != ODD);
          break;
        case "source": ok = f.once(1) && (f.source = string(p, t)) != ODD; break;
        case "fileId": ok = f.once(2) && (f.fileId = string(p, t)) != ODD; break;
        case "offset": ok = f.once(3) && (f.offset = number(p, t)) != ODD_NUMBER; break;
        case "readAt": ok = f.once(4) && (f.readAt = string(p, t)) != ODD; break;
        case "line": ok = f.once(5) && (f.line = string(p, t)) != ODD; break;
        case "message": ok = f.once(6) && (f.message = string(p, t)) != ODD; break;
        case "file": ok = f.once(7) && (f.file = string(p, t)) != ODD; break;
        case "log": ok = f.once(8) && t == JsonToken.START_OBJECT && f.scanLog(p); break;
        case "@timestamp": ok = f.once(9) && (f.atTimestamp = string(p, t)) != ODD; break;
        case "timestamp": ok = f.once(10) && (f.timestamp = string(p, t)) != ODD; break;
        default:
          p.skipChildren();
          ok = true;
      }
      if (!ok) {
        return null;
      }
    }
    return f;
  }

  /** {@code host} as Elastic Common Schema writes it: an object; only its {@code name} counts. */
  private boolean scanHost(JsonParser p) throws IOException {
    hostIsObject = true;
    boolean named = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("name")) {
        if (named || t != JsonToken.VALUE_STRING) {
          return false;
        }
        named = true;
        hostName = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return true;
  }

  /** {@code log}: {@code file.path} and {@code offset}. */
  private boolean scanLog(JsonParser p) throws IOException {
    boolean sawFile = false;
    boolean sawOffset = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("file")) {
        if (sawFile || t != JsonToken.START_OBJECT || !scanLogFile(p)) {
          return false;
        }
        sawFile = true;
      } else if (name.equals("offset")) {
        if (sawOffset || (logOffset = number(p, t)) == ODD_NUMBER) {
          return false;
        }
        sawOffset = true;
      } else {
        p.skipChildren();
      }
    }
    return true;
  }

  private boolean scanLogFile(JsonParser p) throws IOException {
    boolean sawPath = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("path")) {
        if (sawPath || t != JsonToken.VALUE_STRING) {
          return false;
        }
        sawPath = true;
        logFilePath = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return true;
  }

  private boolean once(int field) {
    int bit = 1 << field;
    boolean first = (seen & bit) == 0;
    seen |= bit;
    return first;
  }

  /** Marks a value of an unexpected type; compared by identity. */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String ODD = new String("odd");

  private static final long ODD_NUMBER = Long.MIN_VALUE;

  /** A string, or null for JSON null (which the tree decoder treats as absent); ODD otherwise. */
  private static String string(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    p.skipChildren();
    return ODD;
  }

  /** A whole number that fits a long and is not Long.MIN_VALUE; ODD_NUMBER otherwise. */
  private static long number(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = p.getNumberType();
      if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
        return p.getLongValue();
      }
    }
    p.skipChildren();
    return ODD_NUMBER;
  }
}
