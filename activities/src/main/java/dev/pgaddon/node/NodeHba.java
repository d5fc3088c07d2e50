package dev.pgaddon.node;

import dev.pgaddon.docker.ContainerFile;
import java.util.Map;

/**
 * The node's pg_hba.conf, put into its container before the first start: {@code samenet} is the
 * addon's own network (its other node, its endpoint, and the engine's proxy of the port published
 * on the host's loopback, through which workers connect). Kept out of the data directory, so a
 * data directory made under other rules (a restore, an older node) gets these.
 */
final class NodeHba {
  static final String DIR = "/etc/pgaddon";
  static final String PATH = DIR + "/pg_hba.conf";

  static final String RULES = """
      local   all          postgres                  peer
      host    replication  replicator  samenet       scram-sha-256
      host    all          all         samenet       scram-sha-256
      """;

  private NodeHba() {}

  static void put(ContainerFile files, String containerId) {
    files.createPrivate(containerId, DIR, Map.of("pg_hba.conf", RULES));
  }
}
