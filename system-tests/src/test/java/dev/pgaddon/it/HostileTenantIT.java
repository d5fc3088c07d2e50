package dev.pgaddon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.operation.AddonNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant that holds its connection URL (the default user) and a read-write user's, and attacks:
 * trojans for every catalog function and operator the platform's SQL calls in its database, the
 * well-known ways to a superuser's power, and from a shell in its own node, the platform's ports
 * and another addon. Each attack must gain nothing, and the platform's operations on this addon and
 * on a second one must still succeed afterwards. The attacks are counted and printed.
 */
@WithStack
class HostileTenantIT {
  private static final Pattern GENERATED = Pattern.compile("User \"(\\w+)\" created with password \"([^\"]+)\"");
  /** The catalog functions our SQL names: found in the string literals of the code that runs SQL on nodes. */
  private static final Pattern CALL = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\s*\\(");
  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  @WithStack.Inject private static Harness harness;
  private static String app;
  private static String id;
  private static String url;
  private static String database;
  private static String otherId;
  private static String otherUrl;
  private static String writer;
  private static String writerPassword;
  private static final Map<String, String> attacks = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    app = "it-hostile-" + harness.owner.substring(3);
    Harness.Added added = harness.addAddon(app, "postgresql-starter-512", "17.12");
    id = added.id();
    url = added.url();
    database = url.substring(url.lastIndexOf('/') + 1);
    Harness.Added other = harness.addAddon(app + "-b", "postgresql-starter-512", "15.20");
    otherId = other.id();
    otherUrl = other.url();
    Harness.Run created = harness.cli("--app", app, "--addon", id, "database-users-create", "tenant_writer");
    assertEquals(0, created.exitCode(), created.all());
    Matcher m = GENERATED.matcher(created.out());
    assertTrue(m.find(), created.out());
    writer = m.group(1);
    writerPassword = m.group(2);
  }

  @AfterAll
  static void stop() {
    System.out.println("HostileTenantIT: " + attacks.size() + " attacks, none gained anything:");
    attacks.forEach((name, outcome) -> System.out.println("  - " + name + ": " + outcome));
  }

  @Test
  void aHostileTenantGainsNothingAndThePlatformKeepsWorking() throws Exception {
    List<String> functions = platformCatalogFunctions();
    assertTrue(functions.contains("shobj_description") && functions.contains("pg_is_in_recovery"),
        "the derivation finds the calls that were exploited: " + functions);
    plantTrojans(functions);
    directEscalations();
    platformSchemasStayThePlatforms();
    driveThePlatformThroughEveryTenantDatabaseQuery();
    assertNoTrojanRanWithPrivilege();
    assertRolesGainedNothing();
    nodeShellReachesNothingOfThePlatform();
    aLinkInTheBackupRepositoryIsNotFollowed();
    thePlatformStillWorksOnBothAddons();
    assertTrue(attacks.size() >= 30, attacks.size() + " attacks: " + attacks.keySet());
  }

  /**
   * Every lowercase word followed by "(" in a string literal of the activities' sources (the only
   * code that sends SQL to a node), kept when pg_catalog has a function of that name.
   */
  private static List<String> platformCatalogFunctions() throws Exception {
    Path sources = Path.of("..", "activities", "src", "main", "java");
    Set<String> words = new TreeSet<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher literal = LITERAL.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (literal.find()) {
          Matcher call = CALL.matcher(literal.group(1));
          while (call.find()) {
            words.add(call.group(1));
          }
        }
      }
    }
    List<String> functions = new ArrayList<>();
    try (Connection c = Harness.connect(url); var ps = c.prepareStatement("SELECT pg_catalog.count(*) FROM pg_catalog.pg_proc"
        + " WHERE proname OPERATOR(pg_catalog.=) ? AND pronamespace OPERATOR(pg_catalog.=) 'pg_catalog'::pg_catalog.regnamespace")) {
      for (String word : words) {
        ps.setString(1, word);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            functions.add(word);
          }
        }
      }
    }
    return functions;
  }

  /**
   * For each function: same signature, and string arguments as text (what beat shobj_description(oid,
   * name) for an unknown literal), in public as the default user and in a schema the read-write user
   * puts first on its own search_path. Each records its caller and, called by a superuser, makes the
   * tenant superuser. Operators the SQL uses get the same, for text and name operands.
   */
  private static void plantTrojans(List<String> functions) throws SQLException {
    try (Connection owner = Harness.connect(url); Statement s = owner.createStatement()) {
      s.execute("CREATE TABLE public.trojan_hits (name text, caller text, at timestamptz DEFAULT pg_catalog.now())");
      s.execute("GRANT INSERT, SELECT ON public.trojan_hits TO PUBLIC");
      int planted = 0;
      for (String function : functions) {
        planted += trojansFor(s, "public", function);
        attacks.put("trojan " + function + "() in public", "never called by the platform");
      }
      planted += operatorTrojans(s, "public");
      attacks.put("trojan operators = <> >= ~~ !~ in public", "never called by the platform");
      assertTrue(planted > 20, planted + " trojans for " + functions.size() + " names");
      System.out.println("HostileTenantIT: " + planted + " trojans in public for " + functions + " and 5 operators");
    }
    try (Connection w = Harness.connectAs(Harness.jdbcUrl(url), writer, writerPassword); Statement s = w.createStatement()) {
      s.execute("CREATE SCHEMA evil");
      s.execute("GRANT USAGE ON SCHEMA evil TO PUBLIC");
      for (String function : functions) {
        trojansFor(s, "evil", function);
      }
      operatorTrojans(s, "evil");
      s.execute("ALTER ROLE " + writer + " SET search_path = evil, pg_catalog, public");
      attacks.put("trojans in a schema the read-write user puts before pg_catalog", "never called by the platform");
    }
  }

  private static int trojansFor(Statement s, String schema, String function) throws SQLException {
    List<String[]> signatures = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_get_function_identity_arguments(p.oid),"
        + " pg_catalog.format_type(p.prorettype, NULL), p.proretset,"
        + " pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.format_type(t, NULL) FROM pg_catalog.unnest(p.proargtypes) t), ',')"
        + " FROM pg_catalog.pg_proc p WHERE p.proname OPERATOR(pg_catalog.=) " + literal(function)
        + " AND p.pronamespace OPERATOR(pg_catalog.=) 'pg_catalog'::pg_catalog.regnamespace AND p.prokind OPERATOR(pg_catalog.=) 'f'")) {
      while (rs.next()) {
        signatures.add(new String[] {rs.getString(4), rs.getString(2), rs.getBoolean(3) ? "t" : "f"});
      }
    }
    int planted = 0;
    for (String[] signature : signatures) {
      String types = signature[0];
      if ((types + "," + signature[1]).matches(".*\\b(any\\w*|internal|cstring|trigger|event_trigger|language_handler"
          + "|fdw_handler|index_am_handler|table_am_handler|tsm_handler|record|void)\\b.*")) {
        continue;
      }
      for (String args : new java.util.LinkedHashSet<>(
          List.of(types, types.replaceAll("\\b(name|character varying|regclass)\\b", "text")))) {
        planted += plant(s, schema + "." + function + "(" + args + ")", signature[1], "t".equals(signature[2]), function);
      }
    }
    return planted;
  }

  private static int operatorTrojans(Statement s, String schema) throws SQLException {
    int planted = 0;
    String[][] operands = {{"text", "text"}, {"name", "text"}, {"text", "name"}, {"name", "name"}, {"oid", "integer"}};
    int n = 0;
    for (String operator : List.of("=", "<>", ">=", "~~", "!~")) {
      for (String[] pair : operands) {
        String fn = schema + ".trojan_op_" + n++;
        if (plant(s, fn + "(" + pair[0] + ", " + pair[1] + ")", "boolean", false, "operator " + operator) == 1) {
          s.execute("CREATE OPERATOR " + schema + "." + operator + " (LEFTARG = " + pair[0] + ", RIGHTARG = " + pair[1]
              + ", FUNCTION = " + fn + ")");
          planted++;
        }
      }
    }
    return planted;
  }

  /** One trojan; 0 when PostgreSQL refuses its signature (a duplicate after the text substitution). */
  private static int plant(Statement s, String signature, String returns, boolean set, String name) throws SQLException {
    String body = "BEGIN INSERT INTO public.trojan_hits (name, caller) VALUES (" + literal(name) + ", current_user);"
        + " IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) current_user) THEN"
        + " EXECUTE 'ALTER ROLE " + database + " SUPERUSER'; EXECUTE 'ALTER ROLE " + writer + " SUPERUSER'; END IF;"
        + (set ? " RETURN;" : " RETURN NULL;") + " END";
    try {
      s.execute("CREATE FUNCTION " + signature + " RETURNS " + (set ? "SETOF " : "") + returns
          + " LANGUAGE plpgsql AS $trojan$ " + body + " $trojan$");
      return 1;
    } catch (SQLException duplicate) {
      return 0;
    }
  }

  /** The classic ways from a database user to the server's power: each refused. */
  private static void directEscalations() throws SQLException {
    Map<String, String> statements = new LinkedHashMap<>();
    statements.put("COPY ... TO PROGRAM", "COPY (SELECT 1) TO PROGRAM 'id'");
    statements.put("COPY ... FROM PROGRAM", "COPY public.trojan_hits (name) FROM PROGRAM 'id'");
    statements.put("COPY FROM a server file (pg_read_server_files)", "COPY public.trojan_hits (name) FROM '/etc/passwd'");
    statements.put("COPY TO a server file (pg_write_server_files)", "COPY (SELECT 1) TO '/tmp/pgaddon-owned'");
    statements.put("pg_read_file", "SELECT pg_catalog.pg_read_file('/etc/passwd')");
    statements.put("pg_ls_dir", "SELECT pg_catalog.pg_ls_dir('.')");
    statements.put("server-side lo_import", "SELECT pg_catalog.lo_import('/etc/passwd')");
    statements.put("ALTER ROLE self SUPERUSER", "ALTER ROLE " + database + " SUPERUSER");
    statements.put("ALTER ROLE self CREATEROLE", "ALTER ROLE " + database + " CREATEROLE");
    statements.put("ALTER ROLE self REPLICATION", "ALTER ROLE " + database + " REPLICATION");
    statements.put("ALTER ROLE self BYPASSRLS", "ALTER ROLE " + database + " BYPASSRLS");
    statements.put("GRANT pg_execute_server_program to self", "GRANT pg_execute_server_program TO " + database);
    statements.put("GRANT postgres to self", "GRANT postgres TO " + database);
    statements.put("SET ROLE postgres", "SET ROLE postgres");
    statements.put("SET SESSION AUTHORIZATION postgres", "SET SESSION AUTHORIZATION postgres");
    statements.put("CREATE DATABASE", "CREATE DATABASE stolen");
    statements.put("ALTER DATABASE ... SET search_path (the platform's sessions)",
        "ALTER DATABASE " + database + " SET search_path = public, pg_catalog");
    statements.put("ALTER SYSTEM", "ALTER SYSTEM SET archive_command = 'id'");
    statements.put("CREATE EVENT TRIGGER", "CREATE EVENT TRIGGER grab ON ddl_command_start EXECUTE FUNCTION public.nothing()");
    statements.put("CREATE CAST between built-in types", "CREATE CAST (text AS name) WITHOUT FUNCTION");
    statements.put("a C-language function", "CREATE FUNCTION public.sys(cstring) RETURNS int AS 'libc.so.6', 'system' LANGUAGE c");
    statements.put("an untrusted extension (plpython3u)", "CREATE EXTENSION plpython3u");
    statements.put("dblink to the platform", "CREATE EXTENSION dblink");
    statements.put("LOAD a library", "LOAD '/tmp/evil.so'");
    statements.put("read pg_authid", "SELECT rolpassword FROM pg_catalog.pg_authid");
    statements.put("pg_reload_conf", "SELECT pg_catalog.pg_reload_conf()");
    try (Connection platform = Harness.superuser(id, nodePort(id)); Connection owner = Harness.connect(url);
        Statement s = owner.createStatement()) {
      int pid = platform.unwrap(org.postgresql.PGConnection.class).getBackendPID();
      statements.put("terminate a session of the platform", "SELECT pg_catalog.pg_terminate_backend(" + pid + ")");
      s.execute("CREATE FUNCTION public.nothing() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$");
      for (var attack : statements.entrySet()) {
        String refusal = refused(s, attack.getValue());
        attacks.put(attack.getKey(), "refused: " + refusal);
      }
    }
  }

  /** The schemas the platform installs into as superuser cannot be taken over nor written. */
  private static void platformSchemasStayThePlatforms() throws Exception {
    try (Connection owner = Harness.connect(url); Statement s = owner.createStatement()) {
      attacks.put("create in the extensions schema", "refused: " + refused(s, "CREATE FUNCTION extensions.f() RETURNS int"
          + " LANGUAGE sql AS 'SELECT 1'"));
      attacks.put("replace PgBouncer's auth function", "refused: " + refused(s,
          "CREATE OR REPLACE FUNCTION pgaddon.user_lookup(i_username text, OUT uname text, OUT phash text) RETURNS record"
              + " LANGUAGE sql AS 'SELECT NULL::text, NULL::text'"));
      attacks.put("drop the pgaddon schema", "refused: " + refused(s, "DROP SCHEMA pgaddon CASCADE"));
      // A schema of the name an extension installs into (postgis_topology: topology), made first by the tenant.
      s.execute("CREATE SCHEMA topology");
      s.execute("CREATE FUNCTION topology.trojan() RETURNS int LANGUAGE sql AS 'SELECT 1'");
    }
    Harness.Run refusedTopology = harness.cli("--app", app, "--addon", id, "database-extensions-enable", "postgis_topology");
    assertEquals(2, refusedTopology.exitCode(), refusedTopology.all());
    assertTrue(refusedTopology.err().contains("schema \"topology\" belongs to role"), refusedTopology.all());
    attacks.put("pre-create an extension's schema, then ask for the extension", "refused: " + refusedTopology.err().strip());
  }

  /** Every kind of statement the platform runs in the tenant's database, with the trojans in place. */
  private static void driveThePlatformThroughEveryTenantDatabaseQuery() throws Exception {
    for (List<String> command : List.of(
        List.of("database-users-create", "--read-only", "tenant_reader"),
        List.of("database-users-update-password", "tenant_reader"),
        List.of("database-users-delete", "tenant_reader"),
        List.of("database-extensions-enable", "pg_trgm"),
        List.of("database-extensions-disable", "pg_trgm"),
        List.of("database-users-list"),
        List.of("database-extensions"),
        List.of("backups-create"))) {
      List<String> args = new ArrayList<>(List.of("--app", app, "--addon", id));
      args.addAll(command);
      Harness.Run run = harness.cli(args.toArray(String[]::new));
      assertEquals(0, run.exitCode(), command + ": " + run.all());
    }
    // The status refresh (users, extensions, sizes, replication, archiving) runs every 5 s in this harness.
    Thread.sleep(12_000);
    // What it read as the monitor role, through the platform's function (verifier kinds are in pg_authid).
    Harness.Run users = harness.cli("--app", app, "--addon", id, "database-users-list");
    assertTrue(Pattern.compile("\\| " + writer + " +\\| false +\\| false +\\| SCRAM-SHA-256 +\\|").matcher(users.out()).find(),
        users.all());
  }

  private static void assertNoTrojanRanWithPrivilege() throws SQLException {
    try (Connection owner = Harness.connect(url); Statement s = owner.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, caller FROM public.trojan_hits WHERE caller OPERATOR(pg_catalog.<>) ALL"
            + " (ARRAY[" + literal(database) + ", " + literal(writer) + "]::pg_catalog.text[])")) {
      List<String> hits = new ArrayList<>();
      while (rs.next()) {
        hits.add(rs.getString(1) + " as " + rs.getString(2));
      }
      assertEquals(List.of(), hits, "trojans run by the platform");
    }
  }

  private static void assertRolesGainedNothing() throws SQLException {
    int port = nodePort(id);
    try (Connection c = Harness.superuser(id, port); Statement s = c.createStatement()) {
      for (String role : List.of(database, writer)) {
        String gained = Harness.one(s, "SELECT rolsuper OR rolcreaterole OR rolreplication OR rolbypassrls OR rolcreatedb"
            + " OR pg_has_role(oid, 'pg_execute_server_program', 'MEMBER') OR pg_has_role(oid, 'pg_read_server_files', 'MEMBER')"
            + " OR pg_has_role(oid, 'pg_write_server_files', 'MEMBER') FROM pg_roles WHERE rolname = " + literal(role));
        assertEquals("f", gained, role + " gained a privilege");
      }
      // The status refresh reads the tenant's database as this role: pg_monitor, no superuser.
      assertEquals("f t", Harness.one(s, "SELECT rolsuper || ' ' || pg_has_role(oid, 'pg_monitor', 'MEMBER') FROM pg_roles"
          + " WHERE rolname = 'pgaddon_monitor'").replace("false", "f").replace("true", "t"));
    }
  }

  /**
   * As a shell in its node would (docker exec, as the node's user): the platform's services, on the
   * host's loopback and on the bridge's gateway, and the other addon's node and endpoint, must not
   * answer; its own endpoint must (the probe itself works).
   */
  private static void nodeShellReachesNothingOfThePlatform() throws Exception {
    String node = AddonNames.containerName(id, "node1");
    String gateway = harness.docker.inspectNetworkCmd().withNetworkId(AddonNames.networkName(id)).exec()
        .getIpam().getConfig().get(0).getGateway();
    Map<String, String> targets = new LinkedHashMap<>();
    String temporal = System.getenv().getOrDefault("TEMPORAL_ADDRESS", "127.0.0.1:7233");
    int temporalPort = Integer.parseInt(temporal.substring(temporal.lastIndexOf(':') + 1));
    int apiPort = harness.api.port();
    int controlPort = Integer.parseInt(System.getenv().getOrDefault("PGADDON_CONTROL_PORT", "5433"));
    for (var service : Map.of("Temporal", temporalPort, "the Temporal Web UI", 8233, "the codec endpoint", 8089,
        "the control database", controlPort, "the API", apiPort, "the object store", 8333).entrySet()) {
      targets.put(service.getKey() + " on the host's loopback", "127.0.0.1 " + service.getValue());
      targets.put(service.getKey() + " through the bridge's gateway", gateway + " " + service.getValue());
    }
    var store = harness.docker.inspectContainerCmd("pgaddon-objectstore").exec().getNetworkSettings().getNetworks()
        .get("pgaddon-store");
    targets.put("the object store by its address", store.getIpAddress() + " 8333");
    targets.put("the object store by name", "pgaddon-objectstore 8333");
    Container otherNode = harness.nodesOf(otherId).get(0);
    int otherPort = Integer.parseInt(otherNode.getLabels().get(Labels.PORT));
    targets.put("the other addon's node by its address", addressOn(otherNode, otherId) + " " + otherPort);
    targets.put("the other addon's node through its published port", gateway + " " + otherPort);
    targets.put("the other addon's node by name", AddonNames.containerName(otherId, "node1") + " " + otherPort);
    Container otherEndpoint = harness.containersOf(otherId).stream()
        .filter(c -> "endpoint".equals(c.getLabels().get(Labels.KIND))).findFirst().orElseThrow();
    targets.put("the other addon's endpoint by its address", addressOn(otherEndpoint, otherId) + " "
        + otherEndpoint.getLabels().get(Labels.PORT));
    for (var target : targets.entrySet()) {
      String[] hostPort = target.getValue().split(" ");
      assertFalse(answers(node, hostPort[0], hostPort[1]), target.getKey() + " answered from the tenant's node");
      attacks.put("from a shell in the node: " + target.getKey(), "no answer");
    }
    Container endpoint = harness.containersOf(id).stream().filter(c -> "endpoint".equals(c.getLabels().get(Labels.KIND)))
        .findFirst().orElseThrow();
    assertTrue(answers(node, "endpoint", endpoint.getLabels().get(Labels.PORT)), "the probe reaches the addon's own endpoint");
    String forwarding = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
    assertEquals("0", forwarding, "the host forwards between addon networks");
  }

  /**
   * The node writes the addon's backup repository (its archive_command does): a shell there could make
   * a backup's file a link to a file of the API's host. The download refuses it.
   */
  private static void aLinkInTheBackupRepositoryIsNotFollowed() throws Exception {
    var backup = harness.control.backups().of(id).stream().filter(b -> "done".equals(b.status())).findFirst().orElseThrow();
    String file = dev.pgaddon.docker.NodeLayout.BACKUPS_MOUNT + "/"
        + dev.pgaddon.backup.BackupRepository.backupPath(backup.systemId(), backup.id()) + "/base.tar";
    Process ln = new ProcessBuilder("docker", "exec", "--user", "postgres", AddonNames.containerName(id, "node1"),
        "ln", "-sf", "/etc/passwd", file).redirectErrorStream(true).start();
    assertEquals(0, ln.waitFor(), new String(ln.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    java.net.http.HttpResponse<String> download = http(harness.apiUrl, "GET",
        "/v1/apps/" + app + "/addons/" + id + "/backups/" + backup.id() + "/archive", harness.tokenFor(app));
    assertEquals(409, download.statusCode(), download.body());
    assertFalse(download.body().contains("root:"), "the host's /etc/passwd was served");
    attacks.put("a backup file made a link to the API host's /etc/passwd", "refused: " + download.statusCode() + " "
        + download.body());
  }

  /**
   * The API's front door, on a server of its own with tight limits (2 s idle timeout, 10 requests a
   * second in bursts of 20, one addon per app): a flood, a slowloris, an addon past the quota, a
   * NUL in the path.
   */
  @Test
  void theFrontDoorHoldsAgainstFloodsSlowClientsAndQuotas() throws Exception {
    String token = harness.tokenFor(app);
    try (var api = dev.pgaddon.api.ApiServer.start("127.0.0.1", 0, harness.control, harness.client,
        new dev.pgaddon.control.SecretBox(dev.pgaddon.temporal.CodecKey.fromBase64(Harness.TEST_CODEC_KEY).key()),
        Map.of("PGADDON_API_IDLE_TIMEOUT_SECONDS", "2", "PGADDON_API_RATE_PER_SECOND", "10", "PGADDON_API_RATE_BURST", "20",
            "PGADDON_QUOTA_ADDONS", "1"))) {
      String base = "http://127.0.0.1:" + api.port();
      String addons = "/v1/apps/" + app + "/addons";

      java.net.http.HttpResponse<String> limited = null;
      for (int i = 0; i < 60 && limited == null; i++) {
        var r = http(base, "GET", addons, token);
        if (r.statusCode() == 429) {
          limited = r;
        }
      }
      assertTrue(limited != null, "60 requests at once were all served");
      assertTrue(limited.headers().firstValue("Retry-After").isPresent(), limited.headers().toString());
      assertTrue(limited.body().contains("rate_limited"), limited.body());
      attacks.put("a flood of requests with one token", "429 with Retry-After");
      Thread.sleep(2_500); // the bucket fills again

      List<java.net.Socket> slow = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", api.port());
        s.getOutputStream().write("GET /v1/apps HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        slow.add(s);
      }
      long asked = System.nanoTime();
      var served = http(base, "GET", addons, token);
      assertEquals(200, served.statusCode(), served.body());
      assertTrue(System.nanoTime() - asked < 2_000_000_000L, "the API answered behind 24 slow connections");
      Thread.sleep(4_000);
      for (java.net.Socket s : slow) {
        s.setSoTimeout(2_000);
        try (s) {
          assertEquals(-1, s.getInputStream().read() == -1 ? -1 : drain(s), "a slow connection was not cut");
        } catch (java.net.SocketException reset) {
          // cut by a reset: as good
        }
      }
      attacks.put("24 slowloris connections (headers never finished)", "cut after the idle timeout, the API answered meanwhile");

      var refused = http(base, "POST", addons, token,
          "{\"addon\":{\"provider_id\":\"postgresql\",\"plan_id\":\"postgresql-sandbox\"}}");
      assertEquals(422, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("quota"), refused.body());
      assertEquals(1, harness.control.addons().countLive(app), "nothing was provisioned past the quota");
      attacks.put("an addon past the app's quota", "refused: " + refused.body());

      var nul = http(base, "GET", "/v1/apps/%00/addons", token);
      assertEquals("application/json", nul.headers().firstValue("Content-Type").orElse("").split(";")[0], nul.body());
      assertTrue(nul.body().startsWith("{\"error\""), nul.body());
      attacks.put("a NUL in the path", nul.statusCode() + " in the JSON error shape");
    }
  }

  /** What a connection still sends after the idle timeout: -1 once it is closed. */
  private static int drain(java.net.Socket s) throws IOException {
    while (s.getInputStream().read() != -1) {
      // a 408 answer before the close
    }
    return -1;
  }

  private static java.net.http.HttpResponse<String> http(String base, String method, String path, String token)
      throws IOException, InterruptedException {
    return http(base, method, path, token, null);
  }

  private static java.net.http.HttpResponse<String> http(String base, String method, String path, String token, String body)
      throws IOException, InterruptedException {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
    return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static String addressOn(Container container, String addonId) {
    return container.getNetworkSettings().getNetworks().get(AddonNames.networkName(addonId)).getIpAddress();
  }

  private static boolean answers(String container, String host, String port) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("docker", "exec", "--user", "postgres", container, "bash", "-c",
        "timeout 3 bash -c 'exec 3<>/dev/tcp/$0/$1' \"$0\" \"$1\" 2>/dev/null && echo open || echo closed", host, port)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    assertTrue(out.contains("open") || out.contains("closed"), "probe failed: " + out);
    return out.contains("open");
  }

  /** After all that: a plan change, users and an extension on this addon, and a user on the other one. */
  private static void thePlatformStillWorksOnBothAddons() throws Exception {
    for (List<String> command : List.of(
        List.of("--addon", id, "database-users-create", "--read-only", "after_attacks"),
        List.of("--addon", id, "database-extensions-enable", "postgis"),
        List.of("addons-upgrade", id, "postgresql-starter-1024", "--wait"),
        List.of("--addon", otherId, "database-users-create", "other_after"))) {
      List<String> args = new ArrayList<>(List.of("--app", command.contains(otherId) ? app + "-b" : app));
      args.addAll(command);
      Harness.Run run = harness.cli(args.toArray(String[]::new));
      assertEquals(0, run.exitCode(), command + ": " + run.all());
    }
    try (Connection c = Harness.connect(url); Statement s = c.createStatement()) {
      // Enabled into the platform's schema, found by the application's sessions without qualifying.
      assertEquals("1", Harness.one(s, "SELECT ST_Distance(ST_MakePoint(0, 0), ST_MakePoint(0, 1))"));
      assertEquals("extensions", Harness.one(s, "SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n"
          + " ON n.oid OPERATOR(pg_catalog.=) e.extnamespace WHERE e.extname OPERATOR(pg_catalog.=) 'postgis'"));
      assertEquals("0", Harness.one(s, "SELECT pg_catalog.count(*) FROM public.trojan_hits WHERE caller OPERATOR(pg_catalog.=) 'postgres'"));
    }
    try (Connection c = Harness.connect(otherUrl); Statement s = c.createStatement()) {
      assertEquals("1", Harness.one(s, "SELECT 1"));
    }
    assertRolesGainedNothing();
  }

  private static String refused(Statement s, String sql) {
    try {
      s.execute(sql);
    } catch (SQLException e) {
      return e.getMessage().lines().findFirst().orElse("");
    }
    throw new AssertionError("the tenant was allowed: " + sql);
  }

  private static int nodePort(String addonId) {
    return Integer.parseInt(harness.nodesOf(addonId).get(0).getLabels().get(Labels.PORT));
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
