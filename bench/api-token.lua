-- wrk script: the bench token comes from the environment, never from wrk's command line.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
