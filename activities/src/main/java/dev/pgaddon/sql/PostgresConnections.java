package dev.pgaddon.sql;

import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.secrets.SecretStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * JDBC connections to an addon's nodes as its superuser, with the stored credential.
 *
 * <p>Every one pins {@code search_path} to {@code pg_catalog, pg_temp} in its startup packet: a
 * tenant can create functions, operators and casts in the schemas of its database (and set its
 * database's search_path), and an unqualified call resolved there would run the tenant's code with
 * the platform's privileges (CVE-2018-1058). Startup options win over ALTER DATABASE/ROLE ... SET.
 */
public final class PostgresConnections {
  private final SecretStore secrets;

  public PostgresConnections(SecretStore secrets) {
    this.secrets = secrets;
  }

  public Connection superuser(String addonId, NodeAddress node, String database) throws SQLException {
    return connect(addonId, node, database, 5, 120, "pgaddon-worker", "postgres", SecretStore.SUPERUSER);
  }

  /** As the addon's observer (MonitorRole): reads what pg_monitor may, and the users through pgaddon.login_roles(). */
  public Connection monitor(String addonId, NodeAddress node, String database) throws SQLException {
    return connect(addonId, node, database, 5, 120, "pgaddon-monitor", MonitorRole.NAME, SecretStore.MONITOR);
  }

  /** The watchdog's: a node that does not answer within two seconds counts as a failed check. */
  public Connection watchdog(String addonId, NodeAddress node) throws SQLException {
    return connect(addonId, node, "postgres", 2, 2, "pgaddon-watchdog", "postgres", SecretStore.SUPERUSER);
  }

  private Connection connect(String addonId, NodeAddress node, String database, int connectSeconds, int socketSeconds,
      String applicationName, String user, String secret) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", secrets.require(addonId, secret));
    props.setProperty("connectTimeout", Integer.toString(connectSeconds));
    props.setProperty("socketTimeout", Integer.toString(socketSeconds));
    props.setProperty("ApplicationName", applicationName);
    props.setProperty("options", PINNED_OPTIONS);
    return DriverManager.getConnection(url(node, database), props);
  }

  /** The startup options of every platform connection (also given to the tools run in containers as PGOPTIONS). */
  public static final String PINNED_OPTIONS = "-c search_path=pg_catalog,pg_temp";

  public static String url(NodeAddress node, String database) {
    return "jdbc:postgresql://" + node.host() + ":" + node.port() + "/" + database;
  }
}
