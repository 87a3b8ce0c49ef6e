/** The embedding program of docs/embedding.md, as a module of its own. */
module dev.tether.example {
    requires dev.tether.http1;
    requires jdk.httpserver;
}
