package dev.pgaddon.node;

import dev.pgaddon.docker.NodeLayout;

/**
 * The shell run inside one-shot containers. Each finishes by writing the ready marker, and each
 * starts by removing a data directory that has no marker: the leftover of an interrupted attempt.
 */
final class NodeScripts {
  private NodeScripts() {}

  private static final String GUARD = """
      set -eu
      if [ -f %1$s ]; then echo "data directory already complete, nothing to do"; exit 0; fi
      if [ -e %2$s ]; then echo "removing the leftover of an interrupted attempt"; rm -rf %2$s; fi
      umask 077
      """.formatted(NodeLayout.READY_MARKER, NodeLayout.PGDATA);

  /** Superuser password from PGADDON_SUPERUSER_PASSWORD; local connections by peer, TCP by SCRAM. */
  static final String INITDB = GUARD + """
      printf '%%s' "$PGADDON_SUPERUSER_PASSWORD" > /tmp/pwfile
      initdb -D %1$s -U postgres --pwfile=/tmp/pwfile --auth-local=peer --auth-host=scram-sha-256 \\
        --data-checksums --encoding=UTF8 --locale=C.UTF-8
      rm -f /tmp/pwfile
      cat > %1$s/pg_hba.conf <<'HBA'
      local   all          postgres                  peer
      host    replication  replicator  127.0.0.1/32  scram-sha-256
      host    all          all         127.0.0.1/32  scram-sha-256
      HBA
      touch %2$s
      echo "initdb done"
      """.formatted(NodeLayout.PGDATA, NodeLayout.READY_MARKER);

  /** Replication password from PGPASSWORD; -R makes the copy a standby of the primary. */
  static final String BASEBACKUP = GUARD + """
      pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U replicator -D %1$s -R -X stream -S "$SLOT" --checkpoint=fast
      touch %2$s
      echo "pg_basebackup done"
      """.formatted(NodeLayout.PGDATA, NodeLayout.READY_MARKER);
}
