"""For consultants: the portfolio of their clients, benchmarks against peers, and their
advice on a client's round."""
