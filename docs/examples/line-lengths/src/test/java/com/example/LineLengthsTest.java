package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gristmill.mapreduce.JobDefinition;
import io.gristmill.mapreduce.LocalResult;
import io.gristmill.mapreduce.LocalRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineLengthsTest {

  @Test
  void sumsTheLineLengthsOfEachFile(@TempDir Path dir) throws Exception {
    Path a = Files.writeString(dir.resolve("a.txt"), "abc\r\n\nde");
    Path b = Files.writeString(dir.resolve("b.txt"), "x\n");

    LocalResult result = LocalRunner.run(JobDefinition.of(LineLengths.class, Sum.class).withCombiner(Sum.class),
        List.of(a, b), 2, Map.of());

    assertEquals("a.txt\t5\nb.txt\t1\n", result.output());
    assertEquals(1L, result.counters().get("user.empty.lines"));
  }
}
