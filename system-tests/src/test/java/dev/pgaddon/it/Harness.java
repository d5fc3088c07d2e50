package dev.pgaddon.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.pgaddon.api.ApiServer;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.OperationRecord;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The integration tests' one handle on the system, over its parts by role: the {@link Stack} (a
 * real worker and the real API in this JVM, Temporal, Docker, the control database), the
 * {@link CliDriver} (the CLI in-process, over HTTP), {@link PostgresAssertions}, the
 * {@link Operations} the control plane runs on its own, and the {@link HistoryRecorder}. Each
 * method here is the role's; {@link StackExtension} starts and closes one per test class.
 */
final class Harness implements AutoCloseable, CliResults {
  /** A fixed test key, so the histories recorded here can be replayed by the unit tests. */
  static final String TEST_CODEC_KEY = Stack.TEST_CODEC_KEY;
  /** What addons-add prints: the addon id and its connection URL. */
  static final Pattern ID_LINE = CliDriver.ID_LINE;
  static final Pattern URL_LINE = CliDriver.URL_LINE;

  final Stack stack;
  final CliDriver driver;
  final PostgresAssertions postgres;
  final Operations operations;
  final HistoryRecorder histories;

  final String owner;
  final DockerClient docker;
  final WorkflowClient client;
  final ControlDatabase control;
  final ApiServer api;
  final String apiUrl;
  /** An admin token: the CLI's, unless a test sets another. */
  final String adminToken;

  Harness() throws IOException {
    this(System.getenv("TEMPORAL_ADDRESS"));
  }

  Harness(String temporalAddress) throws IOException {
    this(temporalAddress, true);
  }

  /**
   * @param temporalAddress a Temporal service to use, or null for an embedded one
   * @param workerInThisJvm false: no worker here; the test starts worker processes ({@link #startWorker})
   */
  Harness(String temporalAddress, boolean workerInThisJvm) throws IOException {
    stack = new Stack(temporalAddress, workerInThisJvm);
    driver = new CliDriver(stack);
    postgres = new PostgresAssertions(stack);
    operations = new Operations(stack, postgres);
    histories = new HistoryRecorder(stack.client);
    owner = stack.owner;
    docker = stack.docker;
    client = stack.client;
    control = stack.control;
    api = stack.api;
    apiUrl = stack.apiUrl;
    adminToken = driver.adminToken;
  }

  // ----- the stack -----

  WorkerProcess startWorker(String name, Map<String, String> properties, WorkerProcess.Trigger... triggers)
      throws IOException, InterruptedException {
    return stack.startWorker(name, properties, triggers);
  }

  Map<String, String> containersSeenDuring(Runnable action) throws InterruptedException {
    return stack.containersSeenDuring(action);
  }

  static String secret(String addonId, String name) {
    return Stack.secret(addonId, name);
  }

  static int freePort() throws IOException {
    return Stack.freePort();
  }

  @Override
  public void close() {
    stack.close();
  }

  // ----- the CLI -----

  String tokenFor(String... apps) {
    return driver.tokenFor(apps);
  }

  Run cli(String... args) {
    return driver.cli(args);
  }

  Added addAddon(String app, String plan, String version) {
    return driver.addAddon(app, plan, version);
  }

  static String find(Pattern pattern, String text) {
    return CliDriver.find(pattern, text);
  }

  // ----- PostgreSQL, containers, control rows -----

  static Connection connect(String url) throws SQLException {
    return PostgresAssertions.connect(url);
  }

  static Connection connect(String url, int port) throws SQLException {
    return PostgresAssertions.connect(url, port);
  }

  static String jdbcUrl(String url) {
    return PostgresAssertions.jdbcUrl(url);
  }

  static Connection connectAs(String jdbcUrl, String user, String password) throws SQLException {
    return PostgresAssertions.connectAs(jdbcUrl, user, password);
  }

  static Connection superuser(String addonId, int port) throws SQLException {
    return PostgresAssertions.superuser(addonId, port);
  }

  static Connection superuser(String addonId, int port, String database) throws SQLException {
    return PostgresAssertions.superuser(addonId, port, database);
  }

  static String one(Statement s, String sql) throws SQLException {
    return PostgresAssertions.one(s, sql);
  }

  int controlRowsOf(String table, String addonId) throws SQLException {
    return postgres.controlRowsOf(table, addonId);
  }

  List<Container> nodesOf(String addonId) {
    return postgres.nodesOf(addonId);
  }

  List<Container> containersOf(String addonId) {
    return postgres.containersOf(addonId);
  }

  int volumesOf(String addonId) {
    return postgres.volumesOf(addonId);
  }

  String awaitSync(String addonId) throws Exception {
    return postgres.awaitSync(addonId);
  }

  String syncState(String addonId) throws SQLException {
    return postgres.syncState(addonId);
  }

  Container nodeAnswering(String addonId, boolean primary) throws SQLException {
    return postgres.nodeAnswering(addonId, primary);
  }

  // ----- the watchdog and the operations -----

  void awaitWatched(String addonId, boolean synchronous) throws Exception {
    operations.awaitWatched(addonId, synchronous);
  }

  long watchdogActions(String addonId) {
    return operations.watchdogActions(addonId);
  }

  List<OperationRecord> operationsOf(String app, String addonId) {
    return operations.operationsOf(app, addonId);
  }

  OperationRecord awaitOperation(String app, String addonId, String kind, int after) throws Exception {
    return operations.awaitOperation(app, addonId, kind, after);
  }

  // ----- recorded histories -----

  void recordHistory(String workflowId, String fileName) throws IOException {
    histories.recordHistory(workflowId, fileName);
  }

  void recordStatusRefreshHistory(String fileName) throws IOException {
    histories.recordStatusRefreshHistory(fileName);
  }

  void recordScheduledHistory(String workflowType, String fileName) throws IOException {
    histories.recordScheduledHistory(workflowType, fileName);
  }
}
