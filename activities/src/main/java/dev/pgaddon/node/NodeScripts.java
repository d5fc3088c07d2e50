package dev.pgaddon.node;

import dev.pgaddon.docker.NodeLayout;

/**
 * The shell run inside one-shot containers. Each finishes by writing the ready marker, and each
 * starts by removing a data directory that has no marker: the leftover of an interrupted attempt.
 */
public final class NodeScripts {
  private NodeScripts() {}

  /** Every cluster is made with these (plus --data-checksums): pg_upgrade needs the new one made alike. */
  public static final String INITDB_OPTIONS =
      "-U postgres --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8";

  private static final String GUARD = """
      set -eu
      if [ -f %1$s ]; then echo "data directory already complete, nothing to do"; exit 0; fi
      if [ -e %2$s ]; then echo "removing the leftover of an interrupted attempt"; rm -rf %2$s; fi
      umask 077
      """.formatted(NodeLayout.READY_MARKER, NodeLayout.PGDATA);

  /** Superuser password from PGADDON_SUPERUSER_PASSWORD; local connections by peer, TCP by SCRAM. */
  static final String INITDB = GUARD + """
      printf '%%s' "$PGADDON_SUPERUSER_PASSWORD" > /tmp/pwfile
      initdb -D %1$s --pwfile=/tmp/pwfile --data-checksums %3$s
      rm -f /tmp/pwfile
      touch %2$s
      echo "initdb done"
      """.formatted(NodeLayout.PGDATA, NodeLayout.READY_MARKER, INITDB_OPTIONS);

  /**
   * Replication password from PGPASSWORD; -R makes the copy a standby of the primary, whose
   * walreceiver is named after the slot (the name synchronous replication waits for).
   */
  static final String BASEBACKUP = GUARD + """
      pg_basebackup -d "application_name=$SLOT" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U replicator -D %1$s -R -X stream -S "$SLOT" --checkpoint=fast
      touch %2$s
      echo "pg_basebackup done"
      """.formatted(NodeLayout.PGDATA, NodeLayout.READY_MARKER);

  /**
   * Makes a stopped former primary a follower of NEW_PRIMARY_HOST:NEW_PRIMARY_PORT (on the addon's network): pg_rewind (superuser password in
   * PGPASSWORD), its own stale slots dropped, standby.signal and the replication settings written.
   * Exit 3 means pg_rewind failed and the caller rebuilds from a base backup instead.
   */
  static final String REJOIN = """
      set -eu
      # no data directory (a rebuild interrupted after the wipe): nothing to rewind, rebuild it
      cd %1$s 2>/dev/null && [ -f global/pg_control ] || { echo "no data directory to rewind"; exit 3; }
      if [ -f standby.signal ] && grep -q "host=$NEW_PRIMARY_HOST port=$NEW_PRIMARY_PORT " postgresql.auto.conf; then
        echo "already a follower of $NEW_PRIMARY_HOST port $NEW_PRIMARY_PORT, nothing to do"; exit 0
      fi
      # A killed primary left its postmaster.pid, naming PID 1: in this container that is this shell, so
      # pg_rewind's crash recovery would take it for a live server. The node's own container is stopped.
      rm -f postmaster.pid
      pg_rewind --target-pgdata=%1$s \
        --source-server="host=$NEW_PRIMARY_HOST port=$NEW_PRIMARY_PORT user=postgres dbname=postgres" || exit 3
      rm -rf %1$s/pg_replslot/*
      sed -i '/^primary_conninfo/d;/^primary_slot_name/d' postgresql.auto.conf
      echo "primary_conninfo = 'host=$NEW_PRIMARY_HOST port=$NEW_PRIMARY_PORT user=replicator password=$REPLICATION_PASSWORD application_name=$SLOT'" >> postgresql.auto.conf
      echo "primary_slot_name = '$SLOT'" >> postgresql.auto.conf
      touch standby.signal
      echo "rewound"
      """.formatted(NodeLayout.PGDATA);

  /** Forgets a data directory, so the clone script makes it again from the primary. */
  static final String FORGET = "set -eu; rm -f %1$s; rm -rf %2$s".formatted(NodeLayout.READY_MARKER, NodeLayout.PGDATA);
}
