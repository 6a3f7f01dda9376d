package io.gristmill.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gristmill.local.platform.LocalPlatform;
import io.gristmill.local.platform.PlatformOptions;
import io.gristmill.local.platform.ServiceJars;
import io.gristmill.mapreduce.JobDefinition;
import io.gristmill.mapreduce.LocalResult;
import io.gristmill.mapreduce.LocalRunner;
import io.gristmill.mapreduce.Mapper;
import io.gristmill.mapreduce.Reducer;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine through real processes: every job type over the corpus with tricky edges (words and lines across
 * chunk edges, a line longer than a chunk, an empty file, no trailing newline, non-ASCII letters, invalid UTF-8),
 * with R = 1 and R = 7 and an 8 KiB sort buffer so that every map spills and merges. Outputs are compared with
 * references computed here without production code, and a custom job compiled in the test with the local runner.
 */
class EngineIT {

  private static final int CHUNK = 64 * 1024;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static LocalPlatform platform;
  private static String base;
  private static String token;
  private static Map<String, byte[]> corpus;
  private static List<String> inputs;

  @BeforeAll
  static void startPlatformAndUploadTheCorpus() throws Exception {
    Path stateDir = Files.createTempDirectory(Path.of("target"), "engine-state-");
    platform = LocalPlatform.start(new PlatformOptions(3, 2, 2, CHUNK, 0, stateDir, 8 * 1024),
        ServiceJars.fromEnvironment(), System.out);
    base = platform.gatewayUrl();
    token = Files.readString(platform.tokenFile()).trim();
    corpus = TestCorpus.files(CHUNK, 4242L);
    inputs = new ArrayList<>();
    for (Map.Entry<String, byte[]> file : corpus.entrySet()) {
      inputs.add(upload("/api/v1/files?name=", file.getKey(), file.getValue()).path("id").asText());
    }
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void wordCountWithSevenReducersAndSpillsEqualsTheReferenceAndRanksByCount() throws Exception {
    JsonNode job = run(Map.of("type", "wordcount", "inputs", inputs, "reducers", 7));
    assertThat(output(job, "")).isEqualTo(new String(ReferenceWordCount.of(corpus.values()),
        StandardCharsets.UTF_8));

    JsonNode counters = job.path("counters");
    long totalBytes = corpus.values().stream().mapToLong(b -> b.length).sum();
    assertThat(counters.path("map.input.bytes").asLong()).isEqualTo(totalBytes);
    assertThat(counters.path("spilled.records").asLong()).isPositive();
    assertThat(counters.path("reduce.output.records").asLong())
        .isEqualTo(output(job, "").lines().count());
    // Maps emit one record per distinct word of a split; combining spills can only lower that.
    assertThat(counters.path("reduce.input.records").asLong())
        .isLessThanOrEqualTo(counters.path("map.output.records").asLong());
    assertThat(counters.path("reduce.input.groups").asLong())
        .isEqualTo(counters.path("reduce.output.records").asLong());

    String reference = new String(ReferenceWordCount.of(corpus.values()), StandardCharsets.UTF_8);
    List<String> ranked = reference.lines().sorted((a, b) -> {
      int byCount = Long.compare(count(b), count(a));
      return byCount != 0 ? byCount : Arrays.compareUnsigned(word(a), word(b));
    }).limit(5).toList();
    assertThat(output(job, "?orderBy=count&limit=5")).isEqualTo(String.join("\n", ranked) + "\n");

    // Each committed output was renamed from its attempt's temporary name to its final one, and only those remain
    // (an attempt that lost, if any, has its temporary file deleted by its worker: awaited).
    String prefix = "job-" + job.path("id").asText() + "/";
    List<String> parts = new ArrayList<>();
    for (int r = 0; r < 7; r++) {
      parts.add(String.format("%spart-r-%05d", prefix, r));
    }
    List<String> outputNames = new ArrayList<>();
    for (JsonNode output : job.path("outputs")) {
      outputNames.add(getJson("/api/v1/files/" + output.asText()).path("name").asText());
    }
    assertThat(outputNames).isEqualTo(parts);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<String> names = new ArrayList<>();
      getJson("/api/v1/files?size=1000").path("files").forEach(f -> names.add(f.path("name").asText()));
      assertThat(names.stream().filter(name -> name.startsWith(prefix))).containsExactlyInAnyOrderElementsOf(parts);
    });
  }

  @Test
  void wordCountKeepingIntermediateDataInStorageEqualsTheReferenceAndReducesReadOnlyFromStorage() throws Exception {
    JsonNode job = run(Map.of("type", "wordcount", "inputs", inputs, "reducers", 3,
        "params", Map.of("intermediate", "storage")));
    assertThat(output(job, "")).isEqualTo(new String(ReferenceWordCount.of(corpus.values()),
        StandardCharsets.UTF_8));
    assertThat(job.path("params").path("intermediate").asText()).isEqualTo("storage");
    // Every shuffled byte came from the storage service; none from a map worker's Shuffle service.
    JsonNode counters = job.path("counters");
    assertThat(counters.path("shuffle.bytes").asLong()).isPositive();
    assertThat(counters.path("shuffle.bytes.from-storage").asLong())
        .isEqualTo(counters.path("shuffle.bytes").asLong());
    // The map outputs are deleted once the job has succeeded (after the commit, so awaited).
    String prefix = "job-" + job.path("id").asText() + "/map-";
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<String> names = new ArrayList<>();
      getJson("/api/v1/files?size=1000").path("files").forEach(f -> names.add(f.path("name").asText()));
      assertThat(names).noneMatch(name -> name.startsWith(prefix));
    });
  }

  @Test
  void grepWithOneReducerListsEveryMatchingLineByFileAndOffset() throws Exception {
    JsonNode job = run(Map.of("type", "grep", "inputs", inputs, "reducers", 1,
        "params", Map.of("pattern", "th(e|is)", "ignoreCase", "true")));
    Pattern pattern = Pattern.compile("th(e|is)", Pattern.CASE_INSENSITIVE);
    Map<byte[], String> expected = new TreeMap<>(Arrays::compareUnsigned);
    corpus.forEach((name, bytes) -> lines(bytes).forEach((offset, line) -> {
      if (pattern.matcher(line).find()) {
        expected.put((name + ":" + offset).getBytes(StandardCharsets.UTF_8), line);
      }
    }));
    StringBuilder reference = new StringBuilder();
    expected.forEach((key, line) -> reference.append(new String(key, StandardCharsets.UTF_8)).append('\t')
        .append(line).append('\n'));
    assertThat(expected).isNotEmpty();
    assertThat(output(job, "")).isEqualTo(reference.toString());
  }

  @Test
  void invertedIndexWithSevenReducersListsEachWordsFilesSortedAndDistinct() throws Exception {
    JsonNode job = run(Map.of("type", "inverted-index", "inputs", inputs, "reducers", 7));
    Map<byte[], Set<String>> index = new TreeMap<>(Arrays::compareUnsigned);
    Pattern letters = Pattern.compile("\\p{L}+");
    corpus.forEach((name, bytes) -> {
      Matcher m = letters.matcher(new String(bytes, StandardCharsets.UTF_8));
      while (m.find()) {
        index.computeIfAbsent(m.group().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
            w -> new TreeSet<>()).add(name);
      }
    });
    StringBuilder reference = new StringBuilder();
    index.forEach((word, names) -> reference.append(new String(word, StandardCharsets.UTF_8)).append('\t')
        .append(String.join(",", names)).append('\n'));
    assertThat(output(job, "")).isEqualTo(reference.toString());
  }

  @Test
  void customJobFromAJarBuiltHereMatchesTheLocalRunnerAndAReference() throws Exception {
    Path jar = JobJars.compile(Map.of(
        "ext/LineLengths.java", """
            package ext;
            import io.gristmill.mapreduce.*;
            public class LineLengths implements Mapper<String, Long> {
              public void map(InputLine line, MapContext<String, Long> context) {
                context.emit(line.fileName(), (long) line.length());
                context.counter("lines").increment();
              }
              public Serde<String> keySerde() { return Serdes.utf8(); }
              public Serde<Long> valueSerde() { return Serdes.longs(); }
            }
            """,
        "ext/Sum.java", """
            package ext;
            import io.gristmill.mapreduce.*;
            public class Sum implements Reducer<String, Long, String, Long>, Combiner<String, Long> {
              public void reduce(String key, Iterable<Long> values, ReduceContext<String, Long> context) {
                long total = 0;
                for (long v : values) total += v;
                context.write(key, total);
              }
              public void combine(String key, Iterable<Long> values, Emitter<String, Long> out) {
                long total = 0;
                for (long v : values) total += v;
                out.emit(key, total);
              }
            }
            """,
        "ext/Exploding.java", """
            package ext;
            import io.gristmill.mapreduce.*;
            public class Exploding extends LineLengths {
              public void map(InputLine line, MapContext<String, Long> context) {
                if (line.offset() > 70000) throw new IllegalStateException("exploded");
                super.map(line, context);
              }
            }
            """));
    JsonNode artifact = upload("/api/v1/artifacts?name=", "lengths.jar", Files.readAllBytes(jar));
    assertThat(artifact.path("sha256").asText()).hasSize(64);

    JsonNode job = run(Map.of("type", "custom", "inputs", inputs, "reducers", 3, "custom", Map.of(
        "artifact", artifact.path("id").asText(), "mapper", "ext.LineLengths", "reducer", "ext.Sum",
        "combiner", "ext.Sum")));
    String platformOutput = output(job, "");

    Path local = Files.createTempDirectory(Path.of("target"), "engine-local-");
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, byte[]> file : corpus.entrySet()) {
      files.add(Files.write(local.resolve(file.getKey()), file.getValue()));
    }
    try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
        Mapper.class.getClassLoader())) {
      @SuppressWarnings("unchecked")
      JobDefinition definition = JobDefinition.of(
          (Class<? extends Mapper<?, ?>>) loader.loadClass("ext.LineLengths"),
          (Class<? extends Reducer<?, ?, ?, ?>>) loader.loadClass("ext.Sum"));
      LocalResult result = LocalRunner.run(definition, files, 3, Map.of());
      assertThat(platformOutput).isEqualTo(result.output());
    }
    StringBuilder reference = new StringBuilder();
    new TreeMap<>(corpus).forEach((name, bytes) -> {
      Map<Long, String> lines = lines(bytes);
      if (!lines.isEmpty()) {
        long length = lines.keySet().stream().mapToLong(offset -> lineLength(bytes, offset)).sum();
        reference.append(name).append('\t').append(length).append('\n');
      }
    });
    assertThat(platformOutput).isEqualTo(reference.toString());
    long lineCount = corpus.values().stream().mapToLong(b -> lines(b).size()).sum();
    assertThat(job.path("counters").path("user.lines").asLong()).isEqualTo(lineCount);

    JsonNode failed = run(Map.of("type", "custom", "inputs", inputs, "reducers", 1, "custom", Map.of(
        "artifact", artifact.path("id").asText(), "mapper", "ext.Exploding", "reducer", "ext.Sum")), "FAILED");
    assertThat(failed.path("error").asText())
        .contains("mapper ext.Exploding failed on the record at byte offset ")
        .contains("java.lang.IllegalStateException: exploded");
  }

  /** Bytes of the line at {@code offset}, without its LF and a CR before it. */
  private static long lineLength(byte[] bytes, long offset) {
    int end = (int) offset;
    while (end < bytes.length && bytes[end] != '\n') {
      end++;
    }
    return end - offset - (end > offset && bytes[end - 1] == '\r' ? 1 : 0);
  }

  /** Every line by its byte offset, decoded with replacement, without LF or a CR before it. */
  private static Map<Long, String> lines(byte[] bytes) {
    Map<Long, String> lines = new LinkedHashMap<>();
    int start = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      lines.put((long) start, new String(bytes, start, stop - start, StandardCharsets.UTF_8));
      start = end + 1;
    }
    return lines;
  }

  private static long count(String line) {
    return Long.parseLong(line.substring(line.indexOf('\t') + 1));
  }

  private static byte[] word(String line) {
    return line.substring(0, line.indexOf('\t')).getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode run(Map<String, Object> body) throws Exception {
    return run(body, "SUCCEEDED");
  }

  private static JsonNode run(Map<String, Object> body, String status) throws Exception {
    HttpResponse<String> submitted = HTTP.send(authorized("/api/v1/jobs")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String id = JSON.readTree(submitted.body()).path("id").asText();
    JsonNode job = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250))
        .until(() -> getJson("/api/v1/jobs/" + id), j -> Set.of("SUCCEEDED", "FAILED", "CANCELLED")
            .contains(j.path("status").asText()));
    assertThat(job.path("status").asText()).as(job.toString()).isEqualTo(status);
    return job;
  }

  private static String output(JsonNode job, String query) throws Exception {
    HttpResponse<byte[]> output = HTTP.send(
        authorized("/api/v1/jobs/" + job.path("id").asText() + "/output" + query).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(output.statusCode()).isEqualTo(200);
    return new String(output.body(), StandardCharsets.UTF_8);
  }

  private static JsonNode upload(String path, String name, byte[] content) throws Exception {
    HttpResponse<String> response = HTTP.send(
        authorized(path + URLEncoder.encode(name, StandardCharsets.UTF_8))
            .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body());
  }

  private static JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
  }
}
