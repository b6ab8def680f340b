import { TestBed } from '@angular/core/testing';

import { ThemeService } from './theme.service';

describe(ThemeService.name, () => {
  beforeEach(() => localStorage.clear());

  it('toggles the dark theme class on <html> and remembers the choice', () => {
    localStorage.setItem('chat.theme', 'light');
    const sut = TestBed.inject(ThemeService);
    sut.apply();
    expect(document.documentElement.classList.contains('dark-theme')).toBe(false);

    sut.toggle();
    expect(sut.theme()).toBe('dark');
    expect(document.documentElement.classList.contains('dark-theme')).toBe(true);
    expect(localStorage.getItem('chat.theme')).toBe('dark');

    sut.toggle();
    expect(document.documentElement.classList.contains('dark-theme')).toBe(false);
  });
});
