package io.gristmill.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.mapreduce.Mapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles job classes written in a test against the MapReduce API and packs them into a jar to upload. */
final class JobJars {

  private JobJars() {}

  /** {@code sources}: path below the source root (e.g. {@code ext/Sum.java}) to Java source. */
  static Path compile(Map<String, String> sources) throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target"), "job-jar-");
    Path src = dir.resolve("src");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-cp",
        Path.of(Mapper.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    assertThat(compiler.run(null, null, errors, args.toArray(String[]::new))).as(errors.toString()).isZero();
    Path jar = dir.resolve("job.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    return jar;
  }
}
