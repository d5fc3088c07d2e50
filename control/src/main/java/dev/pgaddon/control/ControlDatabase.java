package dev.pgaddon.control;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A pool on the control database, its schema migrated to the latest version on open. */
public final class ControlDatabase implements AutoCloseable {
  private final HikariDataSource pool;
  private final ControlSettings settings;

  private ControlDatabase(ControlSettings settings, HikariDataSource pool) {
    this.settings = settings;
    this.pool = pool;
  }

  public static ControlDatabase open(ControlSettings settings) {
    Flyway.configure()
        .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
        .schemas(settings.schema())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    config.setSchema(settings.schema());
    config.setMaximumPoolSize(8);
    config.setPoolName("pgaddon-control");
    config.setConnectionTimeout(5_000);
    return new ControlDatabase(settings, new HikariDataSource(config));
  }

  public static ControlDatabase fromEnvironment() {
    return open(ControlSettings.fromEnvironment());
  }

  public DataSource dataSource() {
    return pool;
  }

  public ControlSettings settings() {
    return settings;
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  public Apps apps() {
    return new Apps(this);
  }

  public Tokens tokens() {
    return new Tokens(this);
  }

  public Sessions sessions() {
    return new Sessions(this);
  }

  public AddonStore addons() {
    return new AddonStore(this);
  }

  public OperationStore operations() {
    return new OperationStore(this);
  }

  public BackupStore backups() {
    return new BackupStore(this);
  }

  public VersionStore versions() {
    return new VersionStore(this);
  }

  /** The addons' credentials, sealed with {@code box} (the workers' shared key). */
  public SecretVault secrets(SecretBox box) {
    return new SecretVault(this, box);
  }

  public PortReservations ports() {
    return new PortReservations(this);
  }

  /** Drops this database's schema: tests that made one of their own call it at the end. */
  public void dropSchema() {
    try (Connection c = connection(); var s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS \"" + settings.schema() + "\" CASCADE");
    } catch (SQLException e) {
      throw new ControlDatabaseException("cannot drop schema " + settings.schema(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
