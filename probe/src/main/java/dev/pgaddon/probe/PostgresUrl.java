package dev.pgaddon.probe;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** A JDBC connection from a postgres:// URL as the CLI prints it. */
public final class PostgresUrl {
  private PostgresUrl() {}

  public static Connection connect(String url) throws SQLException {
    return connect(url, URI.create(url).getPort());
  }

  /** The same user and database on another port (a node rather than the endpoint). */
  public static Connection connect(String url, int port) throws SQLException {
    URI uri = URI.create(url);
    String[] user = uri.getUserInfo().split(":", 2);
    Properties props = new Properties();
    props.setProperty("user", user[0]);
    props.setProperty("password", URLDecoder.decode(user[1], StandardCharsets.UTF_8));
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", "60");
    return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath(), props);
  }
}
