package io.gristmill.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportTest {

  private static Report report() {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("machine", "2 cores");
    context.put("JDK", "17");
    return new Report("Gristmill benchmark, 1.00 GiB corpus", context, List.of(
        new Measurement("wordcount.seconds", "Word count", "s", List.of(12.0, 10.0, 11.0),
            new Measurement.Reference("reference word count", 4.0), Target.ratioAtMost(2, "≤ 2× reference")),
        new Measurement("upload.throughput", "Upload", "MiB/s", List.of(150.0, 130.0, 140.0, 160.0),
            new Measurement.Reference("plain copy ×3", 200.0), Target.ratioAtLeast(0.4, "≥ 40% of copy ×3")),
        new Measurement("tiny-job.latency", "Tiny job", "ms", List.of(250.5), null, Target.atMost(300, "< 300 ms")),
        new Measurement("platform.idle-rss", "Idle memory", "MiB", List.of(1234.56), null, null)),
        List.of("Output equal to the reference."));
  }

  @Test
  void rendersAMarkdownTableWithMedianRangeSpreadRatioAndTarget() {
    assertThat(report().toMarkdown()).isEqualTo("""
        ### Gristmill benchmark, 1.00 GiB corpus

        - machine: 2 cores
        - JDK: 17

        | measure | median | runs (min–max, spread) | reference | ratio | target | met |
        | --- | ---: | --- | --- | ---: | --- | --- |
        | Word count | 11.0 s | 3 (10.0–12.0, ±9.1%) | 4.00 s (reference word count) | 2.75× | ≤ 2× reference | **no** |
        | Upload | 145 MiB/s | 4 (130–160, ±10.3%) | 200 MiB/s (plain copy ×3) | 0.73× | ≥ 40% of copy ×3 | yes |
        | Tiny job | 251 ms | 1 (251–251, ±0.0%) |  |  | < 300 ms | yes |
        | Idle memory | 1235 MiB | 1 (1235–1235, ±0.0%) |  |  |  |  |

        - Output equal to the reference.
        """);
  }

  @Test
  void writesEveryFigureAsJson() {
    JsonNode json = JsonMapper.builder().build().readTree(report().toJson());

    assertThat(json.path("title").asText()).isEqualTo("Gristmill benchmark, 1.00 GiB corpus");
    assertThat(json.path("context").path("machine").asText()).isEqualTo("2 cores");
    JsonNode wc = json.path("measurements").get(0);
    assertThat(wc.path("key").asText()).isEqualTo("wordcount.seconds");
    assertThat(wc.path("unit").asText()).isEqualTo("s");
    assertThat(wc.path("samples")).extracting(JsonNode::asDouble).containsExactly(12.0, 10.0, 11.0);
    assertThat(wc.path("median").asDouble()).isEqualTo(11.0);
    assertThat(wc.path("min").asDouble()).isEqualTo(10.0);
    assertThat(wc.path("max").asDouble()).isEqualTo(12.0);
    assertThat(wc.path("spreadPercent").asDouble()).isEqualTo(100.0 / 11);
    assertThat(wc.path("reference").path("label").asText()).isEqualTo("reference word count");
    assertThat(wc.path("reference").path("value").asDouble()).isEqualTo(4.0);
    assertThat(wc.path("ratio").asDouble()).isEqualTo(2.75);
    assertThat(wc.path("target").path("text").asText()).isEqualTo("≤ 2× reference");
    assertThat(wc.path("target").path("met").asBoolean()).isFalse();
    JsonNode upload = json.path("measurements").get(1);
    assertThat(upload.path("median").asDouble()).isEqualTo(145.0);
    assertThat(upload.path("target").path("met").asBoolean()).isTrue();
    JsonNode idle = json.path("measurements").get(3);
    assertThat(idle.has("reference")).isFalse();
    assertThat(idle.has("target")).isFalse();
    assertThat(json.path("notes").get(0).asText()).isEqualTo("Output equal to the reference.");
  }
}
