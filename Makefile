# The two commands of the README.
.PHONY: run test
run:  ## set up and run the embedded default on http://127.0.0.1:8000
	scripts/run.sh
test:  ## install what the tests need and run the whole suite on PostgreSQL + Redis + Chromium
	scripts/test.sh
