package dev.pgaddon.it;

/**
 * What the CLI printed and what addons-add made, as types: CliDriver and Harness both implement
 * this, so {@code CliDriver.Run} and {@code Harness.Run} name the same record.
 */
interface CliResults {
  record Run(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** An addon the CLI added: its id and the connection URL it printed. */
  record Added(String id, String url) {}
}
