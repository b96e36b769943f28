-- wrk script: every request submits a small job.
wrk.method = "POST"
wrk.body = '{"payload": "benchmark job"}'
wrk.headers["Content-Type"] = "application/json"
