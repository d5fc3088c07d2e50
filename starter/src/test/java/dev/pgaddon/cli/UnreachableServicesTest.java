package dev.pgaddon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the API does not answer, the CLI says so in one line, with exit code 3; some refusals need no API at all. */
class UnreachableServicesTest {
  @TempDir Path home;
  private String url;
  private CliSettings settings;

  @BeforeEach
  void pointAtNothing() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      url = "http://127.0.0.1:" + s.getLocalPort();
    }
    settings = CliSettings.of(url, "unused", home);
  }

  @Test
  void anApiThatDoesNotAnswerIsNamed() {
    for (String[] args : new String[][] {{"--app", "my-app", "addons"}, {"--app", "my-app", "operations"},
        {"addons-plans", "postgresql"}}) {
      FakeApi.Run run = FakeApi.run(settings, args);

      assertEquals(3, run.code(), run.err());
      assertEquals(" !     pgaddon API not reachable at " + url + ": start it (scripts/demo.sh) or set PGADDON_API_URL",
          run.err().stripTrailing());
    }
  }

  @Test
  void anInvalidAppNameIsRefusedBeforeAnythingIsAsked() {
    FakeApi.Run run = FakeApi.run(settings, "--app", "My App!", "addons-add", "postgresql", "postgresql-sandbox");

    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("invalid app name 'My App!'"), run.err());
  }

  @Test
  void aRemovalWithoutYesIsRefusedBeforeAnythingIsAsked() {
    FakeApi.Run run = FakeApi.run(settings, "--app", "my-app", "addons-remove", "ad-871546ad-943a-4929-9770-ec7c839d65f5");

    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("deletes its data: add --yes to confirm"), run.err());
  }

  @Test
  void anUnknownProviderIsRefusedBeforeAnythingIsAsked() {
    FakeApi.Run run = FakeApi.run(settings, "addons-plans", "mysql");

    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("unknown addon provider 'mysql'"), run.err());
  }
}
