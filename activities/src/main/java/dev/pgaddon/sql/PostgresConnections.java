package dev.pgaddon.sql;

import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.secrets.SecretStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** JDBC connections to an addon's nodes as its superuser, with the stored credential. */
public final class PostgresConnections {
  private final SecretStore secrets;

  public PostgresConnections(SecretStore secrets) {
    this.secrets = secrets;
  }

  public Connection superuser(String addonId, NodeAddress node, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("password", secrets.require(addonId, SecretStore.SUPERUSER));
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "120");
    props.setProperty("ApplicationName", "pgaddon-worker");
    return DriverManager.getConnection(url(node, database), props);
  }

  public static String url(NodeAddress node, String database) {
    return "jdbc:postgresql://" + node.host() + ":" + node.port() + "/" + database;
  }
}
