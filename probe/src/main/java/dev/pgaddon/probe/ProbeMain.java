package dev.pgaddon.probe;

import java.util.Arrays;
import java.util.List;

/**
 * Benchmark driver: writes through a connection URL every 10 ms while a command runs (e.g. a
 * plan change), keeps writing two more seconds, then prints the probe's figures.
 *
 * <pre>java -cp pgaddon-cli.jar dev.pgaddon.probe.ProbeMain URL -- COMMAND...</pre>
 */
public final class ProbeMain {
  private ProbeMain() {}

  public static void main(String[] args) throws Exception {
    int dashes = Arrays.asList(args).indexOf("--");
    if (args.length < 3 || dashes != 1) {
      System.err.println("usage: ProbeMain POSTGRES_URL -- COMMAND [ARGS...]");
      System.exit(2);
    }
    List<String> command = Arrays.asList(args).subList(2, args.length);
    WriteProbe probe = WriteProbe.start(args[0], 10);
    Thread.sleep(2000);
    long started = System.nanoTime();
    int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
    long commandMs = (System.nanoTime() - started) / 1_000_000;
    Thread.sleep(2000);
    WriteProbe.Report report = probe.stop();
    System.out.println("probe: command_exit=" + exit + " command_ms=" + commandMs + " " + report);
    System.exit(exit);
  }
}
