# The Debian packages the deckhand image's runtime stage installs: the shared libraries the CLI
# and its plugins link against (their own dependencies follow through apt), and ca-certificates
# for TLS to PostgreSQL (sslmode=verify-full) and to the Kubernetes API. Sourced by the
# Dockerfile's runtime stage; the image's ldd check fails the build when a library is missing.
runtime_packages="ca-certificates libboost-filesystem1.74.0 libboost-program-options1.74.0
  libcurl4 libfmt9 libpg-query1504.0 libpq5 libpqxx-6.4 libspdlog1.10 libsqlite3-0
  libyaml-cpp0.7 libssl3 libstdc++6 libgcc-s1 libc6"
