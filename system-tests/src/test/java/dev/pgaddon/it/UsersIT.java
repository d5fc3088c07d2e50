package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.operation.WorkflowIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The spec's "Managing Users" through the CLI and the API, each user logging in through the endpoint. */
@WithStack
class UsersIT {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .disable(com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS).build(); // inspect's ExposedPorts: {}
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern GENERATED = Pattern.compile("User \"(\\w+)\" created with password \"([A-Za-z0-9_]{64})\"\\.");
  @WithStack.Inject private static Harness harness;
  private static String app;
  private static String id;
  private static String url;
  private static String database;
  /** Every log line of this JVM (the worker and the API run in it): searched for passwords at the end. */
  private static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOG =
      new ch.qos.logback.core.read.ListAppender<>();
  private static final List<String> PASSWORDS_USED = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LOG.start();
    root.addAppender(LOG);
    app = "it-users-" + harness.owner.substring(3);
    Harness.Added added = harness.addAddon(app, "postgresql-starter-512", "17.12");
    id = added.id();
    url = added.url();
    database = url.substring(url.lastIndexOf('/') + 1);
  }

  @AfterAll
  static void stop() throws Exception {
    assertNoPasswordLeaked();
  }

  /**
   * No password used here is in any workflow history of the addon (payloads are encrypted), in any log
   * line, in any container's inspect (environment, command line, labels), or in the audit trail.
   */
  private static void assertNoPasswordLeaked() throws Exception {
    assertTrue(PASSWORDS_USED.size() >= 4, "the tests used passwords: " + PASSWORDS_USED.size());
    List<String> places = new ArrayList<>();
    var executions = harness.client.listExecutions("AddonId = '" + id + "'").toList();
    assertTrue(executions.size() >= 5, "the addon's runs: " + executions.size());
    for (var e : executions) {
      places.add("history of " + e.getExecution().getWorkflowId() + ": "
          + harness.client.fetchHistory(e.getExecution().getWorkflowId(), e.getExecution().getRunId()).toJson(false));
    }
    places.add("history of the watchdog: " + harness.client.fetchHistory(WorkflowIds.watchdogOf(id)).toJson(false));
    synchronized (LOG.list) {
      LOG.list.forEach(event -> places.add("log: " + event.getFormattedMessage()));
    }
    for (var c : harness.containersOf(id)) {
      places.add("docker inspect " + c.getNames()[0] + ": "
          + JSON.writeValueAsString(harness.docker.inspectContainerCmd(c.getId()).exec()));
    }
    harness.operationsOf(app, id).forEach(o -> places.add("audit row " + o.id() + ": " + o));
    for (String password : PASSWORDS_USED) {
      for (String place : places) {
        assertTrue(!place.contains(password), "a password is in " + place.substring(0, Math.min(120, place.length())));
      }
    }
  }

  @Test
  void usersAreCreatedListedChangedAndDeletedAsTheSpecSays() throws Exception {
    Harness.Run list = users("database-users-list");
    assertEquals(0, list.exitCode(), list.all());
    assertTrue(list.out().contains("USERNAME") && list.out().contains("PASSWORD ENCRYPTION"), list.out());
    assertTrue(Pattern.compile("\\| " + database + " +\\| false +\\| true +\\| SCRAM-SHA-256 +\\|").matcher(list.out()).find(),
        list.out());

    // No terminal to ask on: the platform generates the password and shows it once.
    Harness.Run created = users("database-users-create", "app_writer");
    assertEquals(0, created.exitCode(), created.all());
    Matcher m = GENERATED.matcher(created.out());
    assertTrue(m.find(), created.out());
    String writerPassword = m.group(2);
    PASSWORDS_USED.addAll(List.of(writerPassword, "só-lecture-2026", "N3w_pass_word", "😀".repeat(16)));
    // A read-only user with a password of its own, through the API.
    Answer ro = call("POST", usersPath(), Map.of("user", Map.of("username", "ReadOnly_1", "read_only", true,
        "password", "só-lecture-2026")));
    assertEquals(202, ro.status(), ro.body().toString());
    assertTrue(ro.body().path("password").isMissingNode(), "a password given is never sent back");
    awaitOperation(ro);

    try (Connection w = as("app_writer", writerPassword); Statement s = w.createStatement()) {
      s.execute("CREATE TABLE written_by_writer (id int)");
      s.execute("INSERT INTO written_by_writer VALUES (1)");
    }
    try (Connection owner = Harness.connect(url); Statement s = owner.createStatement()) {
      s.execute("CREATE TABLE made_after_the_reader (id int)"); // after the read-only user: it must read it anyway
      s.execute("INSERT INTO made_after_the_reader VALUES (7)");
    }
    try (Connection r = as("ReadOnly_1", "só-lecture-2026"); Statement s = r.createStatement()) {
      assertEquals("7", Harness.one(s, "SELECT id FROM made_after_the_reader"));
      assertEquals("1", Harness.one(s, "SELECT id FROM written_by_writer"));
      assertThrows(SQLException.class, () -> s.execute("INSERT INTO made_after_the_reader VALUES (8)"));
      assertThrows(SQLException.class, () -> s.execute("CREATE TABLE not_allowed (id int)"));
    }
    list = users("database-users-list");
    assertTrue(Pattern.compile("\\| ReadOnly_1 +\\| true +\\| false +\\| SCRAM-SHA-256 +\\|").matcher(list.out()).find(),
        list.out());
    assertTrue(Pattern.compile("\\| app_writer +\\| false +\\| false +\\| SCRAM-SHA-256 +\\|").matcher(list.out()).find(),
        list.out());

    // A new password: the old one fails, the new one works.
    Answer changed = call("PUT", usersPath() + "/app_writer/password", Map.of("user", Map.of("password", "N3w_pass_word")));
    assertEquals(202, changed.status(), changed.body().toString());
    awaitOperation(changed);
    assertThrows(SQLException.class, () -> as("app_writer", writerPassword).close());
    as("app_writer", "N3w_pass_word").close();

    // The protected user stays; a deleted user's table stays, owned by the default user.
    Harness.Run protectedDelete = users("database-users-delete", database);
    assertEquals(2, protectedDelete.exitCode(), protectedDelete.all());
    assertTrue(protectedDelete.err().contains("Protected user is managed by the platform and cannot be deleted."),
        protectedDelete.all());
    Harness.Run deleted = users("database-users-delete", "app_writer");
    assertEquals(0, deleted.exitCode(), deleted.all());
    assertTrue(deleted.out().contains("User \"app_writer\" deleted."), deleted.out());
    assertThrows(SQLException.class, () -> as("app_writer", "N3w_pass_word").close());
    try (Connection owner = Harness.connect(url); Statement s = owner.createStatement()) {
      assertEquals(database, Harness.one(s, "SELECT tableowner FROM pg_tables WHERE tablename = 'written_by_writer'"));
    }
    harness.recordHistory(WorkflowIds.forAddon(id), "manage-user-delete.json");
  }

  @Test
  void theCliAsksForThePasswordTwiceWithoutEchoOnARealTerminal() throws Exception {
    String password = "Typed_pass_1";
    PASSWORDS_USED.add(password);
    // script(1) gives the CLI jar a pseudo-terminal, as a user's shell would.
    ProcessBuilder pb = new ProcessBuilder("script", "-qec", "java -jar ../starter/target/pgaddon-cli.jar --app " + app + " --addon " + id
        + " database-users-create typed_user", "/dev/null").redirectErrorStream(true);
    pb.environment().put("PGADDON_API_URL", harness.apiUrl);
    pb.environment().put("PGADDON_API_TOKEN", harness.adminToken);
    Process cli = pb.start();
    StringBuffer screen = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (var in = cli.getInputStream()) {
        int b;
        while ((b = in.read()) >= 0) {
          screen.append((char) b);
        }
      } catch (java.io.IOException ignored) {
        // the process ended
      }
    });
    reader.start();
    try (var typing = new java.io.PrintStream(cli.getOutputStream(), true)) {
      awaitScreen(screen, "Password");
      typing.print(password + "\n");
      typing.flush();
      awaitScreen(screen, "Confirm password");
      typing.print(password + "\n");
      typing.flush();
      assertTrue(cli.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), screen.toString());
    }
    reader.join(5000);
    assertEquals(0, cli.exitValue(), screen.toString());
    assertTrue(screen.toString().contains("User \"typed_user\" created."), screen.toString());
    assertTrue(!screen.toString().contains(password), "the terminal never showed the password: " + screen);
    as("typed_user", password).close();
  }

  private static void awaitScreen(StringBuffer screen, String text) throws InterruptedException {
    for (int i = 0; i < 300 && screen.indexOf(text) < 0; i++) {
      Thread.sleep(100);
    }
    assertTrue(screen.indexOf(text) >= 0, "no '" + text + "' on the terminal: " + screen);
  }

  @Test
  void badInputIsRefusedWithTheRuleItBreaksAndChangesNothing() throws Exception {
    List<String> rolesBefore = roles();
    String longName = "a".repeat(33);
    Object[][] usernames = {
        {"", "a username is required"}, {"short", "6 to 32 characters"}, {longName, "6 to 32 characters"},
        {"a".repeat(1000), "6 to 32 characters"}, {"1abcdef", "starting with a letter"}, {"_abcdef", "starting with a letter"},
        {"abc-def", "only letters, digits and '_'"}, {"abc def", "only letters"}, {"abc;def", "only letters"},
        {"abc'def", "only letters"}, {"abc\"def", "only letters"}, {"abc$$def", "only letters"},
        {"abc\\def", "only letters"}, {"abcdé123", "only letters"}, {"абвгдежз", "only letters"},
        {"abc\u0000def", "only letters"}, {"abc\ndefg", "only letters"}, {"abc😀defg", "only letters"},
        {"postgres", "reserved"}, {"Postgres", "reserved"}, {"replicator", "reserved"}, {"PgBouncer_Auth", "reserved"},
        {"pg_abcdef", "'pg_'"}, {"PG_abcdef", "'pg_'"}, {database, "already exists"},
        {database.toUpperCase(), "only by case"}, {"drop table x", "only letters"}, {"abcdef--", "only letters"},
        {"abc/def", "only letters"}, {"abc%00def", "only letters"},
    };
    for (Object[] bad : usernames) {
      Answer a = call("POST", usersPath(), Map.of("user", Map.of("username", bad[0], "password", "good_password_1")));
      assertRefused(a, (String) bad[1], "username " + bad[0]);
    }
    Object[][] passwords = {
        {"short", "8 to 64 characters"}, {"a".repeat(65), "8 to 64 characters"}, {"😀".repeat(65), "8 to 64 characters"},
        {"has\"quote1", "\" or '"}, {"has'quote12", "\" or '"}, {"with\u0000nul1", "NUL"},
        {"\ud800lonely_surrogate", "UTF-8"}, {"x".repeat(7), "8 to 64 characters"}, {"'; DROP ROLE x; --", "\" or '"},
        {"$$'$$abcdef", "\" or '"},
    };
    for (Object[] bad : passwords) {
      Answer a = call("POST", usersPath(), Map.of("user", Map.of("username", "valid_name", "password", bad[0])));
      assertRefused(a, (String) bad[1], "password of length " + ((String) bad[0]).length());
    }
    // 16 emoji are 16 characters (64 bytes): a length counted in characters accepts them.
    Answer emoji = call("POST", usersPath(), Map.of("user", Map.of("username", "emoji_user", "password", "😀".repeat(16))));
    assertEquals(202, emoji.status(), emoji.body().toString());
    awaitOperation(emoji);
    as("emoji_user", "😀".repeat(16)).close();
    Answer gone = call("DELETE", usersPath() + "/emoji_user", null);
    awaitOperation(gone);

    Answer unknown = call("DELETE", usersPath() + "/nobody_here", null);
    assertRefused(unknown, "no user \"nobody_here\"", "unknown user");
    Answer protectedPassword = call("PUT", usersPath() + "/" + database + "/password", Map.of("user", Map.of()));
    assertRefused(protectedPassword, "Protected user is managed by the platform", "protected password");
    // Bytes that are not UTF-8 in the body: a clear 400, never a crash.
    byte[] raw = "{\"user\":{\"username\":\"valid_name\",\"password\":\"abc\u00ffdefgh\"}}".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1);
    HttpResponse<String> notUtf8 = HTTP.send(HttpRequest.newBuilder(URI.create(harness.apiUrl + usersPath()))
        .header("Authorization", "Bearer " + harness.adminToken).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, notUtf8.statusCode(), notUtf8.body());
    assertTrue(notUtf8.body().contains("malformed"), notUtf8.body());
    Harness.Run cli = users("database-users-create", "1bad");
    assertEquals(2, cli.exitCode(), cli.all());
    assertTrue(cli.err().contains("starting with a letter"), cli.all());
    assertEquals(rolesBefore, roles(), "pg_roles unchanged");
  }

  private static void assertRefused(Answer a, String rule, String what) {
    assertEquals(422, a.status(), what + ": " + a.body());
    assertTrue(a.body().at("/error/message").asText().contains(rule), what + ": " + a.body());
  }

  private static Harness.Run users(String... args) {
    List<String> all = new ArrayList<>(List.of("--app", app, "--addon", id));
    all.addAll(List.of(args));
    return harness.cli(all.toArray(String[]::new));
  }

  private static String usersPath() {
    return "/v1/apps/" + app + "/addons/" + id + "/database/users";
  }

  private static Connection as(String user, String password) throws SQLException {
    return Harness.connectAs(Harness.jdbcUrl(url), user, password);
  }

  private static List<String> roles() throws SQLException {
    int port = harness.nodesOf(id).stream().mapToInt(n -> Integer.parseInt(n.getLabels().get(Labels.PORT))).findFirst()
        .orElseThrow();
    try (Connection c = Harness.superuser(id, port); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT rolname FROM pg_roles ORDER BY rolname")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }

  record Answer(int status, JsonNode body) {}

  private static Answer call(String method, String path, Object body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(harness.apiUrl + path))
        .header("Authorization", "Bearer " + harness.adminToken)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
  }

  private static void awaitOperation(Answer accepted) throws Exception {
    String op = accepted.body().at("/operation/id").asText();
    for (int i = 0; i < 120; i++) {
      Answer a = call("GET", "/v1/operations/" + op, null);
      String status = a.body().at("/operation/status").asText();
      if (!"running".equals(status)) {
        assertEquals("succeeded", status, a.body().toString());
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("operation " + op + " still running after 60 s");
  }
}
