resource "pgaddon_database_extension" "trgm" {
  app   = pgaddon_addon.db.app
  addon = pgaddon_addon.db.id
  name  = "pg_trgm"
}

resource "pgaddon_database_extension" "vector" {
  app   = pgaddon_addon.db.app
  addon = pgaddon_addon.db.id
  name  = "vector"
}

output "vector_version" {
  value = pgaddon_database_extension.vector.version
}
