package io.gristmill.storage.blob;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileStateTest {

  @Test
  void allowsCommitThenDeleteAndRestore() {
    assertThat(FileState.UPLOADING.canBecome(FileState.COMMITTED)).isTrue();
    assertThat(FileState.COMMITTED.canBecome(FileState.DELETED)).isTrue();
    assertThat(FileState.DELETED.canBecome(FileState.COMMITTED)).isTrue();

    assertThat(FileState.UPLOADING.canBecome(FileState.DELETED)).isFalse();
    assertThat(FileState.COMMITTED.canBecome(FileState.UPLOADING)).isFalse();
    assertThat(FileState.COMMITTED.canBecome(FileState.COMMITTED)).isFalse();
    assertThat(FileState.DELETED.canBecome(FileState.UPLOADING)).isFalse();
    assertThat(FileState.DELETED.canBecome(FileState.DELETED)).isFalse();
  }
}
