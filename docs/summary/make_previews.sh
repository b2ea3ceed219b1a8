#!/usr/bin/env bash
# Print previews of the demo's city summary and of a marked copy's 校验结果 sheet, as
# LibreOffice prints them (A4 landscape, one page wide): PDF and PNG pages.
#   docs/summary/make_previews.sh   (from the repository root, after `jixiao demo`)
set -euo pipefail
out=docs/summary
work=$(mktemp -d)
.venv/bin/jixiao demo --out "$work/demo" > /dev/null
# the demo's units as a roster, with one more unit that has not sent anything
printf '单位名称,别名\n雁峰区总工会,\n渠县总工会,总工会部门\n广元市总工会,\n阳新县总工会,\n正定县总工会,\n珠晖区总工会,\n' \
    > "$work/名单.csv"
.venv/bin/jixiao merge "$work/demo/县级报送" -o "$work/市级汇总.xlsx" --roster "$work/名单.csv" \
    > /dev/null
cp "$work/demo/标记副本/雁峰区总工会_2024自评.xlsx" "$work/标记副本.xlsx"
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
    --outdir "$work" "$work/市级汇总.xlsx" "$work/标记副本.xlsx" > /dev/null
cp "$work/市级汇总.pdf" "$work/标记副本.pdf" "$out/"
page() {  # first page of a PDF whose text starts with $2
    for i in $(seq 1 "$(pdfinfo "$1" | awk '/^Pages/{print $2}')"); do
        if pdftotext -f "$i" -l "$i" "$1" - | awk "NR == 1" | grep -q "^$2"; then echo "$i"; return; fi
    done
}
pdftoppm -r 70 -png -singlefile -f 1 -l 1 "$work/市级汇总.pdf" "$out/总览"
summary=$(page "$work/市级汇总.pdf" "预算绩效合并汇总（")
pdftoppm -r 70 -png -singlefile -f "$summary" -l "$summary" "$work/市级汇总.pdf" "$out/汇总"
totals=$((summary + 1))
pdftoppm -r 70 -png -singlefile -f "$totals" -l "$totals" "$work/市级汇总.pdf" "$out/汇总_合计"
status=$(page "$work/市级汇总.pdf" "报送情况")
pdftoppm -r 70 -png -singlefile -f "$status" -l "$status" "$work/市级汇总.pdf" "$out/报送情况"
details=$(page "$work/市级汇总.pdf" "指标明细")
pdftoppm -r 70 -png -singlefile -f "$details" -l "$details" "$work/市级汇总.pdf" "$out/指标明细"
charts=$(page "$work/市级汇总.pdf" "图表")
pdftoppm -r 70 -png -singlefile -f "$charts" -l "$charts" "$work/市级汇总.pdf" "$out/图表_等级"
rate=$((charts + 1))
pdftoppm -r 70 -png -singlefile -f "$rate" -l "$rate" "$work/市级汇总.pdf" "$out/图表_执行率"
pdftoppm -r 70 -png -singlefile -f 1 -l 1 "$work/标记副本.pdf" "$out/校验结果"
rm -rf "$work"
