import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';

import { UserListComponent } from './user-list.component';

describe(UserListComponent.name, () => {
  let fixture: ComponentFixture<UserListComponent>;

  beforeEach(async () => {
    fixture = TestBed.createComponent(UserListComponent);
    fixture.componentRef.setInput('users', ['alice', 'bob', 'carol']);
    fixture.componentRef.setInput('me', 'alice');
    await fixture.whenStable();
  });

  const loader = () => TestbedHarnessEnvironment.loader(fixture);

  it('shows the count, and opens a private chat on a click', async () => {
    const opened: string[] = [];
    fixture.componentInstance.openPrivate.subscribe((u) => opened.push(u));

    expect((fixture.nativeElement as HTMLElement).querySelector('h2')?.textContent).toContain('Online (3)');
    await (await loader().getHarness(MatButtonHarness.with({ text: 'bob' }))).click();

    expect(opened).toEqual(['bob']);
  });

  it('starts a group message with the users ticked', async () => {
    const groups: string[][] = [];
    fixture.componentInstance.openGroup.subscribe((g) => groups.push(g));

    const boxes = await loader().getAllHarnesses(MatCheckboxHarness);
    expect(boxes).toHaveLength(2); // not oneself
    for (const box of boxes) await box.check();
    await (await loader().getHarness(MatButtonHarness.with({ text: /Message 2 selected/ }))).click();

    expect(groups).toEqual([['bob', 'carol']]);
  });
});
