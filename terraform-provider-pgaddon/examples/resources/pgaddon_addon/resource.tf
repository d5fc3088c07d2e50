# A business plan (a primary and a standby) on PostgreSQL 17.12.
resource "pgaddon_addon" "db" {
  app         = "my-app"
  provider_id = "postgresql"
  plan        = "postgresql-business-1024"
  version     = "17.12"

  # How long apply waits for each operation (the default is 30 minutes).
  timeouts {
    create = "30m"
    update = "45m"
    delete = "20m"
  }
}

output "database_url" {
  value     = pgaddon_addon.db.connection_url
  sensitive = true
}
