package sentinel.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ByteCodecTest {
  @Test
  void valuesReadBackInTheOrderTheyWereWrittenAcrossBufferGrowth() {
    ByteWriter out = new ByteWriter(1);
    long[] longs = {0, 1, 127, 128, 300, Long.MAX_VALUE, -1, Long.MIN_VALUE};
    for (long v : longs) {
      out.writeVarLong(v);
      out.writeZig(v);
    }
    out.writeString(null);
    out.writeString("");
    out.writeString("plain ascii");
    out.writeString("c\u00e9cile \uD83D\uDCE7");
    out.writeInstant(null);
    out.writeInstant(Instant.parse("1969-12-31T23:59:59.999999999Z"));
    out.writeFloat(-3.25f);
    out.writeBoolean(true);

    ByteReader in = new ByteReader(out.toByteArray(), "test record");
    for (long v : longs) {
      assertThat(in.readVarLong()).isEqualTo(v);
      assertThat(in.readZig()).isEqualTo(v);
    }
    assertThat(in.readString()).isNull();
    assertThat(in.readString()).isEmpty();
    assertThat(in.readString()).isEqualTo("plain ascii");
    assertThat(in.readString()).isEqualTo("c\u00e9cile \uD83D\uDCE7");
    assertThat(in.readInstant()).isNull();
    assertThat(in.readInstant()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999999Z"));
    assertThat(in.readFloat()).isEqualTo(-3.25f);
    assertThat(in.readBoolean()).isTrue();
    in.expectEnd();
  }

  @Test
  void smallNumbersTakeOneByte() {
    ByteWriter out = new ByteWriter(8);
    out.writeVarLong(127);
    out.writeZig(-64);

    assertThat(out.toByteArray()).hasSize(2);
  }

  @Test
  void aStringLongerThanTheRestOfTheRecordIsASerializationErrorNamingTheRecord() {
    ByteWriter out = new ByteWriter(8);
    out.writeVarLong(50);
    out.writeByte('x');

    assertThatThrownBy(() -> new ByteReader(out.toByteArray(), "pending message").readString())
        .isInstanceOf(SerializationException.class).hasMessageContaining("pending message");
  }

  @Test
  void aCountAboveItsLimitIsRejected() {
    ByteWriter out = new ByteWriter(8);
    out.writeVarLong(70_000);

    assertThatThrownBy(() -> new ByteReader(out.toByteArray(), "x").readCount(65_536))
        .isInstanceOf(SerializationException.class).hasMessageContaining("70000");
  }

  @Test
  void impossibleNanosecondsAreRejected() {
    ByteWriter out = new ByteWriter(8);
    out.writeBoolean(true);
    out.writeZig(0);
    out.writeVarLong(1_000_000_000L);

    assertThatThrownBy(() -> new ByteReader(out.toByteArray(), "x").readInstant())
        .isInstanceOf(SerializationException.class).hasMessageContaining("nanoseconds");
  }
}
