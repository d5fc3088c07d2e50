package dev.pgaddon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiConfigTest {
  @TempDir Path home;

  @Test
  void theCredentialsFileIsOnlyReadableByItsOwner() throws Exception {
    Path file = home.resolve(".config/pgaddon/credentials");

    ApiConfig.write(file, "http://127.0.0.1:8080", "s3cret");

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    Properties saved = ApiConfig.read(file);
    assertEquals("http://127.0.0.1:8080", saved.getProperty("api_url"));
    assertEquals("s3cret", saved.getProperty("token"));
  }

  @Test
  void aLoginReplacesAnOpenFileWithAPrivateOne() throws Exception {
    Path file = home.resolve("pgaddon/credentials");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "token=old\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    ApiConfig.write(file, "https://api.example", "new");

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("new", ApiConfig.read(file).getProperty("token"));
    try (var left = Files.list(file.getParent())) {
      assertEquals(1, left.count(), "no temporary file is left behind");
    }
  }

  @Test
  void theFileFollowsXdgConfigHome() {
    assertEquals(Path.of("/x/pgaddon/credentials"), ApiConfig.credentialsFile("/x", "/home/me"));
    assertEquals(Path.of("/home/me/.config/pgaddon/credentials"), ApiConfig.credentialsFile(null, "/home/me"));
    assertEquals(Path.of("/home/me/.config/pgaddon/credentials"), ApiConfig.credentialsFile("", "/home/me"));
  }

  @Test
  void theSystemPropertyComesFirstThenTheEnvironmentThenTheSavedFileThenTheDefault() throws Exception {
    Map<String, String> environment = Map.of("PGADDON_API_URL", "http://10.0.0.2:9000", "PGADDON_API_TOKEN", "env-token");
    Map<String, String> properties = Map.of("pgaddon.api.url", "http://10.0.0.1:9000", "user.home", home.toString());

    CliSettings both = CliSettings.from(environment, properties);
    assertEquals("http://10.0.0.1:9000", both.url());
    assertEquals("env-token", both.token());
    assertEquals("http://10.0.0.2:9000", CliSettings.from(environment, Map.of("user.home", home.toString())).url());

    CliSettings none = CliSettings.from(Map.of(), Map.of("user.home", home.toString()));
    assertEquals(home.resolve(".config/pgaddon/credentials"), none.credentialsFile());
    assertEquals(ApiConfig.DEFAULT_URL, none.url());
    assertNull(none.token());
    ApiConfig.write(none.credentialsFile(), "https://saved.example", "saved-token");
    assertEquals("https://saved.example", none.url());
    assertEquals("saved-token", none.token());
    assertEquals("env-token", CliSettings.from(environment, Map.of("user.home", home.toString())).token());
  }
}
