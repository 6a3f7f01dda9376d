package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataSizesTest {

  @Test
  void readsPlainBytesAndBinaryUnits() {
    assertThat(DataSizes.parse("4096")).isEqualTo(4096);
    assertThat(DataSizes.parse("64KiB")).isEqualTo(65_536);
    assertThat(DataSizes.parse("1MiB")).isEqualTo(1_048_576);
    assertThat(DataSizes.parse("64mib")).isEqualTo(67_108_864);
    assertThat(DataSizes.parse("2GiB")).isEqualTo(2_147_483_648L);
    assertThat(DataSizes.parse("8KB")).isEqualTo(8192);
  }

  @Test
  void rejectsWhatIsNotASizeWithAnExample() {
    assertThatThrownBy(() -> DataSizes.parse("64 parsecs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'64 parsecs' is not a size: use bytes or a number with KiB, MiB or GiB, e.g. 64KiB");
    assertThatThrownBy(() -> DataSizes.parse("-1")).isInstanceOf(IllegalArgumentException.class);
  }
}
