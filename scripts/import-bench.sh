#!/usr/bin/env bash
# import-bench: measure `paceline leads import` of a 1,000,000-row Sales Navigator-style
# CSV against the sqlite3 shell's plain `.import` of the same file, in the same run,
# and against the floor of the pure-Go driver: scripts/importfloor loading the same
# raw columns into a plain table through modernc.org/sqlite.
#
#   scripts/import-bench.sh            # or: make import-bench
#   ROWS=200000 RUNS=5 scripts/import-bench.sh
#   CSV=/tmp/leads.csv scripts/import-bench.sh   # keep the file (or reuse it) across runs
#
# Each run imports into a fresh database: --db names no file, so paceline builds the
# new database's pages itself (the bulk import, docs/leads.md). A fifth figure is the
# same import into a database that exists already with no leads (made by importing a
# file of no rows), which SQLite fills a row at a time. Wall time and peak resident memory come from
# GNU time (/usr/bin/time -v); the medians of RUNS runs are printed with the ratio
# paceline / sqlite3 (target: <= 2) and paceline's peak memory (target: <= 300 MB).
# The driver floor's ratio to the shell says how much of the gap no change to paceline
# can close. A fourth figure, the schema floor, is the sqlite3 shell (SQLite in C)
# building paceline's own tables (leads, lead_keys and their indexes) from the rows
# paceline stored, staged beforehand in plain tables of another file: no parsing, no
# normalising, no dedupe, only the B-trees a first import must write, with the same
# rollback journal as the shell's .import and a 256 MB page cache. Its ratio to the
# shell is what any importer that keeps this schema in SQLite needs at the least.
# Needs: go, awk, /usr/bin/time and sqlite3 (Debian: apt-get install -y sqlite3 time).
set -euo pipefail

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
cd "$(dirname "$0")/.."
for tool in /usr/bin/time sqlite3 awk go; do
	command -v "$tool" >/dev/null || { echo "import-bench: $tool is missing (Debian: apt-get install -y sqlite3 time)" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/import-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/paceline" ./cmd/paceline
go build -o "$work/importfloor" ./scripts/importfloor

# The file: distinct people, about 5% of rows repeating an earlier person under another
# URL form (http, country subdomain, upper case, trailing slash and query string), a
# third with an email, quoted fields with commas, Open Profile and Premium flags.
csv=${CSV:-$work/leads.csv}
[ -s "$csv" ] || awk -v n="$ROWS" 'BEGIN {
	srand(42)
	split("Alex Marie James Priya Kenji Sofia Liam Chloé Mateo Aisha Noah Emma Lukas Zoë Omar Hannah Diego Yuki Ingrid Tomás", first, " ")
	split("Martin Dupont Smith Raman Sato García O'\''Connor Müller Rossi Nguyen Kowalski Johansson Silva Cohen Bäcker Brown Dubois Khan Novak Lee", last, " ")
	split("|Senior |Head of |VP |Director of |Junior |Chief |Lead ", level, "|")
	split("Software Engineer|Sales|Marketing|Growth|Talent Acquisition|Finance|Operations|Product Manager|Designer|Data Scientist|Account Executive|Customer Success", role, "|")
	split("Paris, Île-de-France, France|San Francisco Bay Area|Greater London|Austin, Texas, United States|Berlin, Germany|Toronto, Ontario, Canada|Bengaluru, Karnataka, India|Sydney, New South Wales, Australia|Madrid, Community of Madrid, Spain|Remote", place, "|")
	split("Software Development|Internet|Financial Services|Retail|Hospital & Health Care", industry, "|")
	split("1-10|11-50|51-200|201-500|1,001-5,000|10,001+", size, "|")
	split("Inc.|LLC|GmbH|SAS|Ltd|", suffix, "|")
	print "profileUrl,fullName,firstName,lastName,companyName,title,location,industry,companySize,isPremium,isOpenLink,sharedConnectionsCount,email"
	for (i = 0; i < n; i++) {
		id = i
		url = sprintf("https://www.linkedin.com/in/person-%d-%x", id, (id * 7919) % 1000003)
		if (i > 100 && rand() < 0.05) {
			id = int(rand() * i)
			url = sprintf("http://fr.linkedin.com/in/Person-%d-%x/?trk=people", id, (id * 7919) % 1000003)
		}
		f = first[id % 20 + 1]; l = last[int(id / 20) % 20 + 1]
		email = (id % 3 == 0) ? sprintf("person.%d@company%d.com", id, id % 5000) : ""
		printf "%s,%s %s,%s,%s,\"Company %d %s\",%s%s,\"%s\",%s,\"%s\",%s,%s,%d,%s\n",
			url, f, l, f, l, id % 5000, suffix[id % 6 + 1], level[id % 8 + 1], role[id % 12 + 1],
			place[id % 10 + 1], industry[id % 5 + 1], size[id % 6 + 1],
			(id % 4 == 0) ? "true" : "false", (id % 7 == 0) ? "true" : "false", id % 50, email
	}
}' > "$csv"
echo "file: $(( $(wc -l < "$csv") - 1 )) rows, $(( $(stat -c %s "$csv") / 1048576 )) MB"

# measure LABEL CMD...: runs CMD under GNU time and appends "wall-seconds kilobytes
# cpu-seconds" to $work/LABEL.txt. CPU time (user + system) is printed too because
# wall time on a shared machine depends on the neighbours.
measure() {
	local label=$1; shift
	/usr/bin/time -v -o "$work/time.txt" "$@" > "$work/$label.out"
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
		/User time|System time/ { cpu += $2 }
		/Maximum resident set size/ { kb = $2 }
		END { printf "%.2f %d %.2f\n", s, kb, cpu }' "$work/time.txt" >> "$work/$label.txt"
}

# stage_schema_floor DB: copies DB's leads and keys into plain tables of
# $work/stage.db (keys in lead order, as an import meets them) and writes
# $work/schema.sql, which creates DB's leads and lead_keys tables with the keys' index,
# loads them from the staged rows in one transaction and then builds the leads
# indexes, as a first import does.
stage_schema_floor() {
	local db=$1
	rm -f "$work"/stage.db*
	sqlite3 "$work/stage.db" "ATTACH '$db' AS p;
		CREATE TABLE sl AS SELECT * FROM p.leads ORDER BY id;
		CREATE TABLE sk AS SELECT * FROM p.lead_keys ORDER BY lead_id;"
	{
		echo "PRAGMA cache_size=-262144;"
		sqlite3 "$db" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'table' AND name IN ('leads', 'lead_keys') ORDER BY name DESC;
			SELECT sql || ';' FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'lead_keys' AND sql IS NOT NULL;"
		echo "ATTACH '$work/stage.db' AS s;"
		echo "BEGIN;"
		echo "INSERT INTO leads SELECT * FROM s.sl;"
		echo "INSERT INTO lead_keys SELECT * FROM s.sk;"
		sqlite3 "$db" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL;"
		echo "COMMIT;"
	} > "$work/schema.sql"
}

printf 'profileUrl,fullName\n' > "$work/none.csv"
for run in $(seq "$RUNS"); do
	rm -f "$work"/p.db* "$work"/raw.db* "$work"/floor.db* "$work"/existing.db*
	measure paceline "$work/paceline" leads import "$csv" --db "$work/p.db" --json
	"$work/paceline" leads import "$work/none.csv" --db "$work/existing.db" --json > /dev/null
	measure existing "$work/paceline" leads import "$csv" --db "$work/existing.db" --json
	measure sqlite3 sqlite3 "$work/raw.db" ".import --csv $csv leads"
	measure floor "$work/importfloor" -db "$work/floor.db" "$csv"
	stage_schema_floor "$work/p.db"
	rm -f "$work"/schema.db*
	measure schema sqlite3 "$work/schema.db" ".read $work/schema.sql"
	[ "$(sqlite3 "$work/schema.db" 'SELECT count(*) FROM leads')" = "$(sqlite3 "$work/p.db" 'SELECT count(*) FROM leads')" ] ||
		{ echo "import-bench: the schema floor did not load every lead" >&2; exit 1; }
	read -r pw pk pc < <(tail -1 "$work/paceline.txt")
	read -r sw sk sc < <(tail -1 "$work/sqlite3.txt")
	read -r fw fk fc < <(tail -1 "$work/floor.txt")
	read -r cw _ cc < <(tail -1 "$work/schema.txt")
	read -r ew ek ec < <(tail -1 "$work/existing.txt")
	printf 'run %d: paceline %s s (cpu %s s) %d MB, sqlite3 .import %s s (cpu %s s) %d MB, driver floor %s s (cpu %s s) %d MB, schema floor %s s (cpu %s s), existing database %s s (cpu %s s) %d MB, load %s\n' \
		"$run" "$pw" "$pc" $((pk / 1024)) "$sw" "$sc" $((sk / 1024)) "$fw" "$fc" $((fk / 1024)) "$cw" "$cc" "$ew" "$ec" $((ek / 1024)) "$(cut -d' ' -f1 /proc/loadavg)"
done
grep -Eo '"(rows|imported|duplicates|rejected)": [0-9]+' "$work/paceline.out" | tr '\n' ' '; echo

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
p_s=$(cut -d' ' -f1 "$work/paceline.txt" | median)
p_kb=$(cut -d' ' -f2 "$work/paceline.txt" | median)
p_cpu=$(cut -d' ' -f3 "$work/paceline.txt" | median)
s_s=$(cut -d' ' -f1 "$work/sqlite3.txt" | median)
s_kb=$(cut -d' ' -f2 "$work/sqlite3.txt" | median)
s_cpu=$(cut -d' ' -f3 "$work/sqlite3.txt" | median)
f_s=$(cut -d' ' -f1 "$work/floor.txt" | median)
f_kb=$(cut -d' ' -f2 "$work/floor.txt" | median)
f_cpu=$(cut -d' ' -f3 "$work/floor.txt" | median)
c_s=$(cut -d' ' -f1 "$work/schema.txt" | median)
c_cpu=$(cut -d' ' -f3 "$work/schema.txt" | median)
e_s=$(cut -d' ' -f1 "$work/existing.txt" | median)
e_kb=$(cut -d' ' -f2 "$work/existing.txt" | median)
e_cpu=$(cut -d' ' -f3 "$work/existing.txt" | median)
awk -v es="$e_s" -v ek="$e_kb" -v ec="$e_cpu" -v ps="$p_s" -v pk="$p_kb" -v pc="$p_cpu" -v ss="$s_s" -v sk="$s_kb" -v sc="$s_cpu" \
	-v fs="$f_s" -v fk="$f_kb" -v fc="$f_cpu" -v cs="$c_s" -v cc="$c_cpu" -v runs="$RUNS" 'BEGIN {
	printf "median of %d runs:\n", runs
	printf "  paceline leads import  %6.2f s wall  %6.2f s cpu  peak %4d MB\n", ps, pc, pk / 1024
	printf "  sqlite3 .import        %6.2f s wall  %6.2f s cpu  peak %4d MB\n", ss, sc, sk / 1024
	printf "  pure-Go driver floor   %6.2f s wall  %6.2f s cpu  peak %4d MB\n", fs, fc, fk / 1024
	printf "  ratio %.2fx wall, %.2fx cpu (target <= 2x); paceline peak memory %d MB (target <= 300 MB)\n", ps / ss, pc / sc, pk / 1024
	printf "  schema floor (C)       %6.2f s wall  %6.2f s cpu\n", cs, cc
	printf "  driver floor / sqlite3 %.2fx wall, %.2fx cpu; paceline / driver floor %.2fx wall\n", fs / ss, fc / sc, ps / fs
	printf "  schema floor / sqlite3 %.2fx wall, %.2fx cpu: SQLite in C writing the tables alone\n", cs / ss, cc / sc
	printf "  into an existing db    %6.2f s wall  %6.2f s cpu  peak %4d MB: %.2fx the shell (SQLite inserting the rows)\n", es, ec, ek / 1024, es / ss
}'
