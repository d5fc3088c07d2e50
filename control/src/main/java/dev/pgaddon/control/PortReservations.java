package dev.pgaddon.control;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Host ports of the addons' containers, one row per node. The table's unique constraints make a
 * reservation atomic across workers, and a node asking again gets the port it holds.
 */
public final class PortReservations {
  private final Sql sql;

  PortReservations(ControlDatabase db) {
    this.sql = new Sql(db);
  }

  public Optional<Integer> of(String addonId, String node) {
    return sql.one("read the port of " + node + " of " + addonId,
        "SELECT port FROM port_reservations WHERE addon_id = ? AND node = ?", rs -> rs.getInt(1), addonId, node);
  }

  /**
   * The node's port: the one it holds, else the first port of the range that no row holds and
   * {@code usable} accepts, reserved for it.
   */
  public int reserve(String addonId, String node, int first, int last, IntPredicate usable) {
    while (true) {
      Optional<Integer> held = of(addonId, node);
      if (held.isPresent()) {
        return held.get();
      }
      Set<Integer> taken = new HashSet<>(sql.query("list reserved ports",
          "SELECT port FROM port_reservations WHERE port BETWEEN ? AND ?", rs -> rs.getInt(1), first, last));
      int candidate = -1;
      for (int port = first; port <= last && candidate < 0; port++) {
        if (!taken.contains(port) && usable.test(port)) {
          candidate = port;
        }
      }
      if (candidate < 0) {
        throw new IllegalStateException("no free port left in " + first + "-" + last + " (PGADDON_PORT_RANGE)");
      }
      if (insert(addonId, node, candidate)) {
        return candidate;
      }
      // Another worker took that port, or reserved one for this very node, meanwhile: look again.
    }
  }

  /** Records the port a node already listens on (containers made before reservations existed). */
  public void adopt(String addonId, String node, int port) {
    insert(addonId, node, port);
  }

  public void releaseNode(String addonId, String node) {
    sql.update("release the port of " + node + " of " + addonId,
        "DELETE FROM port_reservations WHERE addon_id = ? AND node = ?", addonId, node);
  }

  public void releaseAll(String addonId) {
    sql.update("release the ports of " + addonId, "DELETE FROM port_reservations WHERE addon_id = ?", addonId);
  }

  private boolean insert(String addonId, String node, int port) {
    return sql.update("reserve port " + port + " for " + node + " of " + addonId,
        "INSERT INTO port_reservations (port, addon_id, node) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        port, addonId, node) == 1;
  }
}
