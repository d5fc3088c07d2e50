package dev.pgaddon.endpoint;

/** The endpoint's pgbouncer.ini: one database entry pointing at the current primary. */
final class PgBouncerConfig {
  static final String DIR = "/etc/pgbouncer";
  static final String INI_NAME = "pgaddon.ini";
  static final String USERLIST_NAME = "userlist.txt";
  static final String INI = DIR + "/" + INI_NAME;
  static final String USERLIST = DIR + "/" + USERLIST_NAME;
  static final String ADMIN_USER = "pgaddon_admin";
  static final String AUTH_USER = "pgbouncer_auth";

  private PgBouncerConfig() {}

  /**
   * @param primaryHost the primary's fixed address on the addon's network (AddonNetworks): no name, which PgBouncer
   *     would cache
   */
  static String ini(String database, String primaryHost, int primaryPort, int listenPort, int maxClientConnections) {
    return """
        [databases]
        %1$s = host=%8$s port=%2$d dbname=%1$s

        [pgbouncer]
        listen_addr = *
        listen_port = %3$d
        unix_socket_dir = /var/run/pgbouncer
        auth_type = scram-sha-256
        auth_file = %4$s
        auth_user = %5$s
        auth_query = SELECT uname, phash FROM pgaddon.user_lookup($1)
        admin_users = %6$s
        ; transaction pooling: PAUSE waits for transactions, not for clients to disconnect
        pool_mode = transaction
        max_prepared_statements = 200
        max_client_conn = %7$d
        default_pool_size = 20
        ignore_startup_parameters = extra_float_digits,options
        server_login_retry = 1
        server_connect_timeout = 5
        query_wait_timeout = 120
        """.formatted(database, primaryPort, listenPort, USERLIST, AUTH_USER, ADMIN_USER, maxClientConnections, primaryHost);
  }

  static String userlist(String authPassword, String adminPassword) {
    return "\"" + AUTH_USER + "\" \"" + authPassword + "\"\n\"" + ADMIN_USER + "\" \"" + adminPassword + "\"\n";
  }
}
