"""Publishing: the tables, facts and descriptors rendered, the citation, the atomic install
behind the build lock, and the verifier of a published package."""
