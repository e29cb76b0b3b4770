"""The release: the archive to download and cite, Parquet files and a SQLite database,
built from the published package."""
