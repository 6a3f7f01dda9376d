package io.gristmill.bench.driver;

import io.gristmill.bench.profile.HotMethods;
import io.gristmill.bench.profile.JfrRecorder;
import io.gristmill.bench.profile.ProcessStats;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One more word count with every service JVM recorded by Flight Recorder (started and dumped through jcmd, so
 * the recording covers just this job) and the CPU time of every process counted; summarised as Markdown.
 */
final class ProfileRun {

  private static final int TOP = 12;

  private final PlatformSession session;
  private final JobRunner jobs;
  private final List<String> inputs;
  private final int reducers;
  private final Path dir;
  private final PrintStream log;

  ProfileRun(PlatformSession session, JobRunner jobs, List<String> inputs, int reducers, Path dir, PrintStream log) {
    this.session = session;
    this.jobs = jobs;
    this.inputs = inputs;
    this.reducers = reducers;
    this.dir = dir;
    this.log = log;
  }

  String run() throws Exception {
    Files.createDirectories(dir);
    List<PlatformSession.ServiceProcess> processes = session.processes();
    List<PlatformSession.ServiceProcess> jvms = processes.stream().filter(p -> !p.role().equals("database")).toList();
    log.println("Profiling one more word count with Flight Recorder in " + jvms.size() + " service JVMs...");
    for (PlatformSession.ServiceProcess p : jvms) {
      JfrRecorder.start(p.pid());
    }
    Map<String, Double> cpuBefore = new LinkedHashMap<>();
    processes.forEach(p -> cpuBefore.put(p.name(), ProcessStats.cpuSeconds(p.pid())));
    JobRunner.Finished job = jobs.run(inputs, reducers);
    Map<String, Double> cpu = new LinkedHashMap<>();
    processes.forEach(p -> cpu.put(p.name(), ProcessStats.cpuSeconds(p.pid()) - cpuBefore.get(p.name())));
    StringBuilder md = new StringBuilder();
    double wall = job.elapsed().toNanos() / 1e9;
    md.append(String.format(Locale.ROOT, "### Profile of one word count (%s s, job %s)%n%n", Report.number(wall),
        job.id()));
    md.append("CPU seconds used by each process during the job (wall time × cores = ")
        .append(Report.number(wall * Driver.threads())).append(" core-seconds available):\n\n");
    md.append("| process | CPU s | share of available |\n| --- | ---: | ---: |\n");
    cpu.forEach((name, seconds) -> md.append(String.format(Locale.ROOT, "| %s | %s | %.0f%% |%n", name,
        Report.number(seconds), seconds / (wall * Driver.threads()) * 100)));
    for (PlatformSession.ServiceProcess p : jvms) {
      Path file = dir.resolve(p.name() + ".jfr");
      JfrRecorder.dumpAndStop(p.pid(), file);
      HotMethods hot = HotMethods.of(file, TOP);
      md.append(String.format(Locale.ROOT, "%n#### %s (%d Java samples, %d GCs, %s ms of GC pauses; %s)%n%n",
          p.name(), hot.samples(), hot.gcCount(), Report.number(hot.gcPauseMillis()), file.getFileName()));
      table(md, "top of stack (self)", hot.self());
      table(md, "Gristmill methods anywhere on the stack (inclusive)", hot.inclusive());
      table(md, "allocation sites (share of sampled bytes)", hot.allocation());
    }
    log.println("  profile written to " + dir);
    return md.toString();
  }

  private static void table(StringBuilder md, String title, List<HotMethods.Share> shares) {
    if (shares.isEmpty()) {
      return;
    }
    md.append("| ").append(title).append(" | share |\n| --- | ---: |\n");
    for (HotMethods.Share s : shares) {
      md.append(String.format(Locale.ROOT, "| `%s` | %.1f%% |%n", s.method(), s.share() * 100));
    }
    md.append('\n');
  }
}
