package dev.pgaddon.upgrade;

import java.sql.ResultSet;
import java.sql.SQLException;

/** An extension of a tenant's database, with what decides under which role its update script may run. */
record InstalledExtension(String name, String version, String schema, String owner, boolean ownerIsSuperuser,
    boolean schemaWritableByTenants) {

  /** Writable: a role that is not a superuser owns the schema or may create in it. */
  static final String QUERY = "SELECT e.extname, e.extversion, n.nspname, o.rolname, o.rolsuper,"
      + " EXISTS (SELECT 1 FROM pg_catalog.pg_roles t WHERE NOT t.rolsuper AND t.rolname OPERATOR(pg_catalog.!~) '^pg_'"
      + " AND pg_catalog.has_schema_privilege(t.oid, n.oid, 'CREATE'))"
      + " FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace"
      + " JOIN pg_catalog.pg_roles o ON o.oid OPERATOR(pg_catalog.=) e.extowner"
      + " WHERE e.extname OPERATOR(pg_catalog.<>) 'plpgsql' ORDER BY 1";

  static InstalledExtension of(ResultSet rs) throws SQLException {
    return new InstalledExtension(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
        rs.getBoolean(6));
  }
}
