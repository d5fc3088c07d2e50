package dev.pgaddon.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers: one statement, its parameters in order, rows mapped by the caller. */
final class Sql {
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final ControlDatabase db;

  Sql(ControlDatabase db) {
    this.db = db;
  }

  int update(String what, String sql, Object... params) {
    try (Connection c = db.connection(); PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new ControlDatabaseException("cannot " + what, e);
    }
  }

  <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... params) {
    try (Connection c = db.connection(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(mapper.map(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw new ControlDatabaseException("cannot " + what, e);
    }
  }

  <T> Optional<T> one(String what, String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(what, sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static PreparedStatement prepare(Connection c, String sql, Object[] params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof Instant instant) {
        ps.setTimestamp(i + 1, Timestamp.from(instant));
      } else if (p instanceof Json json) {
        ps.setObject(i + 1, json.text(), java.sql.Types.OTHER);
      } else {
        ps.setObject(i + 1, p);
      }
    }
    return ps;
  }

  /** A jsonb parameter: its text is sent as-is and cast by PostgreSQL. */
  record Json(String text) {}
}
