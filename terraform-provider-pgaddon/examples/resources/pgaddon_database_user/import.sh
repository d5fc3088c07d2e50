# A user is imported by app:addon_id:name; its password stays unknown (empty) to Terraform.
tofu import pgaddon_database_user.reporting my-app:ad-0f8e4c52-7d3a-4b19-9e61-5a2c8d7b3f04:reporting
