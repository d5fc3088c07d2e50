package dev.pgaddon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoginCommandTest {
  @TempDir Path home;
  private FakeApi api;
  /** No URL or token given: what login saves under {@link #home} is what the next command uses. */
  private CliSettings settings;

  @BeforeEach
  void start() throws Exception {
    api = new FakeApi();
    settings = CliSettings.of(null, null, home);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private FakeApi.Run login(String stdin) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Pgaddon.commandLine(settings);
    ((LoginCommand) cli.getSubcommands().get("login").getCommand()).in =
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("login", "--api-url", api.url());
    return new FakeApi.Run(code, out.toString(), err.toString());
  }

  @Test
  void aRefusedTokenIsNotSaved() {
    api.on("GET", "/v1/addon_providers/postgresql/plans", 401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"no\"}}");

    FakeApi.Run run = login("wrong-token\n");

    assertEquals(2, run.code());
    assertTrue(run.err().contains("invalid token"), run.err());
    assertFalse(run.all().contains("wrong-token"));
    assertFalse(Files.exists(home.resolve(".config/pgaddon/credentials")));
  }

  @Test
  void anAcceptedTokenIsSavedPrivatelyAndUsedNext() throws Exception {
    api.on("GET", "/v1/addon_providers/postgresql/plans", 200, "{\"plans\":[{\"id\":\"postgresql-sandbox\",\"name\":\"Sandbox\"}]}");

    FakeApi.Run run = login("good-token\n");

    assertEquals(0, run.code(), run.err());
    assertFalse(run.all().contains("good-token"));
    Path file = home.resolve(".config/pgaddon/credentials");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("Bearer good-token", api.requests.get(0).authorization());

    FakeApi.Run plans = FakeApi.run(settings, "addons-plans", "postgresql");

    assertEquals(0, plans.code(), plans.err());
    assertTrue(plans.out().contains("| postgresql-sandbox | Sandbox |"), plans.out());
    assertEquals("Bearer good-token", api.requests.get(1).authorization());
  }
}
