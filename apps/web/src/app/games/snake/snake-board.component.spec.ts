import { TestBed } from '@angular/core/testing';

import { SnakeBoardComponent } from './snake-board.component';
import { SnakeGame } from './snake-game';

describe(SnakeBoardComponent.name, () => {
  it('shows where the head is and stops its loop when destroyed', async () => {
    const game = new SnakeGame({ random: () => 0 });
    const fixture = TestBed.createComponent(SnakeBoardComponent);
    fixture.componentRef.setInput('game', game);
    fixture.detectChanges();
    await new Promise((resolve) => setTimeout(resolve, 100));

    const canvas = fixture.nativeElement.querySelector('canvas') as HTMLCanvasElement;
    expect(canvas.dataset['head']).toBe('12,12');
    expect(canvas.dataset['direction']).toBe('right');

    fixture.destroy();
    const head = canvas.dataset['head'];
    game.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(canvas.dataset['head']).toBe(head);
  });
});
