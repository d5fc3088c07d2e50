package dev.pgaddon.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real worker, as `scripts/worker.sh` runs it (its jar, in a JVM of its own), on the harness's
 * task queue, control schema, codec key and owner label. Its log goes to a file under
 * target/it-workers and to the triggers a test sets (to kill it the moment a step starts).
 */
final class WorkerProcess implements AutoCloseable {
  static final Path JAR = Path.of("..", "worker", "target", "pgaddon-worker.jar");

  /**
   * A test's reaction to a log line: when {@code line} matches, {@code action} runs once, on the
   * reading thread, given this worker.
   */
  record Trigger(Predicate<String> line, java.util.function.Consumer<WorkerProcess> action) {}

  final String name;
  final Path log;
  private final Process process;
  private final List<Trigger> triggers = new CopyOnWriteArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile String identity;

  private WorkerProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /** @param triggers set before its first log line is read */
  static WorkerProcess start(String name, Map<String, String> properties, Map<String, String> environment,
      List<Trigger> triggers) throws IOException, InterruptedException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: mvn package builds it");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m"));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-jar", JAR.toString()));
    Path log = Files.createDirectories(Path.of("target", "it-workers")).resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    WorkerProcess worker = new WorkerProcess(name, log, process);
    worker.triggers.addAll(triggers);
    Thread reader = new Thread(worker::readLog, "worker-log-" + name);
    reader.setDaemon(true);
    reader.start();
    if (!worker.ready.await(90, TimeUnit.SECONDS)) {
      worker.kill();
      throw new IllegalStateException("worker " + name + " did not report ready within 90 s; see " + log.toAbsolutePath());
    }
    return worker;
  }


  /** Adds a trigger to a running worker (lines it already read are not seen again). */
  void arm(Trigger trigger) {
    triggers.add(trigger);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no graceful stop of its pollers, as a lost machine. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readLog() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        for (Trigger t : triggers) {
          if (t.line().test(line) && triggers.remove(t)) {
            try {
              t.action().accept(this);
            } catch (RuntimeException e) {
              // The log must keep being read (a full pipe would block the worker): the test sees the failure.
              out.println("trigger failed: " + e);
            }
          }
        }
        out.println(line);
        if (line.contains("pgaddon worker ready")) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  @Override
  public void close() {
    kill();
  }
}
