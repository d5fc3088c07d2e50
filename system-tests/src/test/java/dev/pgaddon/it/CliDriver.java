package dev.pgaddon.it;

import dev.pgaddon.cli.CliSettings;
import dev.pgaddon.cli.Pgaddon;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import picocli.CommandLine;

/**
 * The pgaddon CLI as a user runs it, in-process: it reaches the stack's API over HTTP with an admin
 * token (its {@link CliSettings}: the stack's URL and that token, saved credentials under a home of its own), and each
 * run's output is captured. Tokens for one app's view are made here too.
 */
final class CliDriver implements CliResults {
  /** What addons-add prints: the addon id and its connection URL. */
  static final Pattern ID_LINE = Pattern.compile("ID: (ad-[0-9a-f-]+)");
  static final Pattern URL_LINE = Pattern.compile("Connection URL: (postgres://\\S+)");

  /** An admin token: the CLI's, unless a test sets another. */
  final String adminToken;
  private final Stack stack;
  private final CliSettings settings;

  CliDriver(Stack stack) {
    this.stack = stack;
    adminToken = stack.control.tokens().create(List.of(), true, "integration tests").secret();
    try {
      settings = CliSettings.of(stack.apiUrl, adminToken, java.nio.file.Files.createTempDirectory("pgaddon-it-cli-home"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A token that reaches only these apps. */
  String tokenFor(String... apps) {
    return stack.control.tokens().create(List.of(apps), false, "integration tests").secret();
  }

  Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Pgaddon.commandLine(settings);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return new Run(code, out.toString(), err.toString());
  }

  /** addons-add through the CLI, which must succeed; {@code version} null for the newest offered. */
  Added addAddon(String app, String plan, String version) {
    Run add = version == null ? cli("--app", app, "addons-add", "postgresql", plan)
        : cli("--app", app, "addons-add", "postgresql", plan, "--version", version);
    if (add.exitCode() != 0) {
      throw new AssertionError("addons-add " + plan + " exited " + add.exitCode() + ": " + add.all());
    }
    return new Added(find(ID_LINE, add.out()), find(URL_LINE, add.out()));
  }

  /** The first group of {@code pattern} in the CLI's output. */
  static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    Assertions.assertTrue(m.find(), "no " + pattern + " in: " + text);
    return m.group(1);
  }
}
