package io.gristmill.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.mapreduce.runtime.UserCodeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunnerTest {

  @TempDir
  Path dir;

  /** Counts line lengths per file name: a job with a long value and a user counter. */
  public static class LengthMapper implements Mapper<String, Long> {
    @Override
    public void map(InputLine line, MapContext<String, Long> context) {
      context.emit(line.fileName(), (long) line.length());
      if (line.length() == 0) {
        context.counter("empty.lines").increment();
      }
    }

    @Override
    public Serde<String> keySerde() {
      return Serdes.utf8();
    }

    @Override
    public Serde<Long> valueSerde() {
      return Serdes.longs();
    }
  }

  public static class Sum implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String key, Iterable<Long> values, ReduceContext<String, Long> context) {
      long total = 0;
      for (long v : values) {
        total += v;
      }
      context.write(key, total);
    }
  }

  public static class SumCombiner implements Combiner<String, Long> {
    @Override
    public void combine(String key, Iterable<Long> values, Emitter<String, Long> out) {
      long total = 0;
      for (long v : values) {
        total += v;
      }
      out.emit(key, total);
    }
  }

  public static class FailingMapper extends LengthMapper {
    @Override
    public void map(InputLine line, MapContext<String, Long> context) {
      if (line.text().contains("boom")) {
        throw new IllegalStateException("cannot map " + line.text());
      }
      super.map(line, context);
    }
  }

  @Test
  void runsMapCombineAndReduceOverLocalFilesWithThePlatformsLineRules() throws IOException {
    Path a = write("a.txt", "one\r\n\ntwo\nthree");   // CRLF, an empty line, no trailing newline
    Path b = write("b.txt", "");                      // an empty file has no lines
    Path c = write("c.txt", "x\n\u00e9\n");

    LocalResult result = LocalRunner.run(JobDefinition.of(LengthMapper.class, Sum.class)
        .withCombiner(SumCombiner.class), List.of(a, b, c), 2, Map.of());

    Map<String, Long> expected = new TreeMap<>();
    expected.put("a.txt", 3L + 0 + 3 + 5);
    expected.put("c.txt", 1L + 2);
    StringBuilder reference = new StringBuilder();
    expected.forEach((k, v) -> reference.append(k).append('\t').append(v).append('\n'));
    assertThat(result.output()).isEqualTo(reference.toString());
    assertThat(result.partitions()).isEqualTo(2);
    assertThat(result.counters()).containsEntry("map.input.records", 6L)
        .containsEntry("map.output.records", 6L)
        .containsEntry("combine.input.records", 6L)
        .containsEntry("combine.output.records", 2L)
        .containsEntry("reduce.input.groups", 2L)
        .containsEntry("reduce.output.records", 2L)
        .containsEntry("user.empty.lines", 1L);
    for (int p = 0; p < 2; p++) {
      String part = new String(result.partition(p), StandardCharsets.UTF_8);
      for (String line : part.lines().toList()) {
        assertThat(HashPartitioner.partition(line.split("\t")[0].getBytes(StandardCharsets.UTF_8), 2)).isEqualTo(p);
      }
    }
  }

  @Test
  void namesTheMapperAndTheRecordPositionWhenTheMapperThrows() throws IOException {
    Path input = write("in.txt", "fine\nboom here\n");
    assertThatThrownBy(() -> LocalRunner.run(JobDefinition.of(FailingMapper.class, Sum.class), List.of(input), 1,
        Map.of()))
        .isInstanceOf(UserCodeException.class)
        .hasMessage("mapper " + FailingMapper.class.getName() + " failed on the record at byte offset 5 of file "
            + "'in.txt': java.lang.IllegalStateException: cannot map boom here");
  }

  @Test
  void explainsClassesThatCannotServeTheirRole() {
    ClassLoader loader = getClass().getClassLoader();
    assertThatThrownBy(() -> JobDefinition.load(loader, "no.Such", Sum.class.getName(), null, null))
        .isInstanceOf(JobClassException.class)
        .hasMessageStartingWith("mapper class 'no.Such' not found");
    assertThatThrownBy(() -> JobDefinition.load(loader, Sum.class.getName(), Sum.class.getName(), "", null))
        .isInstanceOf(JobClassException.class)
        .hasMessage("mapper class '" + Sum.class.getName() + "' does not implement " + Mapper.class.getName());
  }

  @Test
  void sortsLongKeysNumericallyByTheirBytes() {
    long[] values = {Long.MIN_VALUE, -5, -1, 0, 1, 300, Long.MAX_VALUE};
    for (int i = 1; i < values.length; i++) {
      assertThat(java.util.Arrays.compareUnsigned(Serdes.longs().toBytes(values[i - 1]),
          Serdes.longs().toBytes(values[i]))).isNegative();
      assertThat(Serdes.longs().fromBytes(Serdes.longs().toBytes(values[i]))).isEqualTo(values[i]);
    }
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}
