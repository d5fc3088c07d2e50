# A read-only user whose password the platform generates (kept, sensitive, in the state).
resource "pgaddon_database_user" "reporting" {
  app       = pgaddon_addon.db.app
  addon     = pgaddon_addon.db.id
  name      = "reporting"
  read_only = true
}

# A user with a password of the configuration's.
resource "pgaddon_database_user" "backend" {
  app      = pgaddon_addon.db.app
  addon    = pgaddon_addon.db.id
  name     = "backend_app"
  password = var.backend_password
}

variable "backend_password" {
  description = "8 to 64 characters, without \" or '."
  type        = string
  sensitive   = true
}
