package dev.pgaddon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** When the Docker engine or Temporal does not answer, the CLI says which, in one line, with exit code 3. */
class UnreachableServicesTest {
  @AfterEach
  void restore() {
    System.clearProperty("DOCKER_HOST");
    System.clearProperty("pgaddon.temporal.address");
  }

  private static String[] run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Pgaddon.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void aDockerEngineThatDoesNotAnswerIsNamed() {
    System.setProperty("DOCKER_HOST", "unix:///nonexistent/docker.sock");

    String[] result = run("--app", "my-app", "addons");

    assertEquals("3", result[0], result[1]);
    assertTrue(result[1].contains("Docker engine not reachable at unix:///nonexistent/docker.sock"), result[1]);
    assertEquals(1, result[1].strip().lines().count(), result[1]);
  }

  @Test
  void aTemporalServiceThatDoesNotAnswerIsNamed() {
    System.setProperty("pgaddon.temporal.address", "127.0.0.1:1");

    String[] result = run("--app", "my-app", "operations");

    assertEquals("3", result[0], result[1]);
    assertTrue(result[1].contains("Temporal service not reachable at 127.0.0.1:1"), result[1]);
  }

  @Test
  void anInvalidAppNameIsRefusedBeforeAnythingIsAsked() {
    String[] result = run("--app", "My App!", "addons-add", "postgresql", "postgresql-sandbox");

    assertEquals("2", result[0], result[1]);
    assertTrue(result[1].contains("invalid app name 'My App!'"), result[1]);
  }
}
