package io.gristmill.gateway.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.server.ResponseStatusException;

class UploadParametersTest {

  @Test
  void decodesNameSizesAndReplication() throws Exception {
    assertThat(UploadParameters.parse("name=caf%C3%A9+menu.txt&chunkSize=4096&replication=2"))
        .isEqualTo(new UploadParameters("café menu.txt", 4096, 2));
  }

  @Test
  void leavesChunkSizeAndReplicationToThePlatformWhenAbsent() throws Exception {
    assertThat(UploadParameters.parse("name=a")).isEqualTo(new UploadParameters("a", 0, 0));
  }

  @Test
  void takesTheFirstOfRepeatedParameters() throws Exception {
    assertThat(UploadParameters.parse("name=first&name=second").name()).isEqualTo("first");
  }

  @Test
  void requiresAName() {
    assertThatThrownBy(() -> UploadParameters.parse("chunkSize=1"))
        .isInstanceOf(MissingServletRequestParameterException.class);
    assertThatThrownBy(() -> UploadParameters.parse(null))
        .isInstanceOf(MissingServletRequestParameterException.class);
  }

  @Test
  void refusesNumbersThatAreNotCountsNamingTheValue() {
    assertThatThrownBy(() -> UploadParameters.parse("name=a&chunkSize=1k"))
        .isInstanceOf(ResponseStatusException.class)
        .hasFieldOrPropertyWithValue("reason", "Query parameter 'chunkSize' must be a whole number of bytes, got '1k'.");
    assertThatThrownBy(() -> UploadParameters.parse("name=a&replication=3000000000"))
        .hasFieldOrPropertyWithValue("reason",
            "Query parameter 'replication' must be a whole number of replicas, got '3000000000'.");
  }

  @Test
  void refusesBrokenUrlEncoding() {
    assertThatThrownBy(() -> UploadParameters.parse("name=%G1"))
        .isInstanceOf(ResponseStatusException.class)
        .hasFieldOrPropertyWithValue("reason", "The query string is not valid URL encoding: "
            + "URLDecoder: Illegal hex characters in escape (%) pattern - Error at index 0 in: \"G1\"");
  }
}
