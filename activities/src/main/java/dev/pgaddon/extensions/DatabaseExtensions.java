package dev.pgaddon.extensions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The offered extensions the node image holds, with the version installed in the application's database. */
public final class DatabaseExtensions {
  public record Extension(String name, String defaultVersion, String installedVersion, String description) {}

  private DatabaseExtensions() {}

  /** @param c a connection to the application's database (installed versions are per database) */
  public static List<Extension> read(Connection c) throws SQLException {
    List<Extension> all = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT name, default_version, installed_version, comment"
        + " FROM pg_catalog.pg_available_extensions WHERE name OPERATOR(pg_catalog.=) ANY (?::pg_catalog.name[]) ORDER BY name")) {
      ps.setArray(1, c.createArrayOf("text", ExtensionRules.sorted().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          all.add(new Extension(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return all;
  }
}
