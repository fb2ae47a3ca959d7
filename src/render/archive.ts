// Date archives: years and months, from each article's publish day in its own time zone (so a
// story from 2024-01-01 00:30 in Beijing is filed under January, not December). Undated articles
// have no place here; the home page and tag pages still list them.

import type { ArticleEntry } from './collect.ts';
import { monthName } from './labels.ts';
import { monthPath, yearPath } from './links.ts';
import type { MonthView, YearView } from './views.ts';

/** `articles` must be in page order (newest first); years and months come out newest first. */
export function collectYears(articles: readonly ArticleEntry[], lang: string): YearView[] {
  const years = new Map<string, YearView>();
  const months = new Map<string, MonthView>();
  for (const { view } of articles) {
    if (view.date === null) continue;
    const year = view.date.day.slice(0, 4);
    const month = view.date.day.slice(5, 7);
    let yearView = years.get(year);
    if (!yearView) {
      yearView = { year, path: yearPath(year), count: 0, months: [], articles: [] };
      years.set(year, yearView);
    }
    yearView.count++;
    yearView.articles.push(view);
    let monthView = months.get(`${year}-${month}`);
    if (!monthView) {
      monthView = { year, month, name: monthName(lang, year, month), path: monthPath(year, month), count: 0, articles: [] };
      months.set(`${year}-${month}`, monthView);
      yearView.months.push(monthView);
    }
    monthView.count++;
    monthView.articles.push(view);
  }
  // Page order is by time, not by day string; sort so that a zone offset cannot interleave months.
  const sorted = [...years.values()].sort((a, b) => (a.year < b.year ? 1 : a.year > b.year ? -1 : 0));
  for (const year of sorted) year.months.sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0));
  return sorted;
}
